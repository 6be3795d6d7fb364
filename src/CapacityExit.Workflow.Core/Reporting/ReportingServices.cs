using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Reporting;

public static class ReportingServices
{
    /// <summary>Reports owed and received, annual targets (needs the workflow runtime: profiles and the calendar).</summary>
    public static void AddCapacityExitReporting(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<ReportObligations>();
        builder.Services.TryAddScoped<AnnualTargets>();
        builder.Services.TryAddScoped<ReportingService>();
    }
}
