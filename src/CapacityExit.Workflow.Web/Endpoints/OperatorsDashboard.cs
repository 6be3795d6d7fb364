using CapacityExit.Workflow.Core.Scheduling;
using Hangfire;

namespace CapacityExit.Workflow.Web.Endpoints;

public static class OperatorsDashboard
{
    /// <summary>Hangfire's dashboard at /hangfire: failed and scheduled jobs, for administrators only.</summary>
    public static void MapOperatorsDashboard(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SchedulingSettings>();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAuthorization(settings.DashboardAllowsLocalRequests)],
            IsReadOnlyFunc = DashboardAuthorization.IsReadOnly,
            DashboardTitle = "后台作业 · CapacityExit.Workflow",
            AppPath = "/",
        });
    }
}
