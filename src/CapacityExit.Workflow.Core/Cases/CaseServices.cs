using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Core.Cases;

public static class CaseServices
{
    /// <summary>The read side of cases: who sees which, the list.</summary>
    public static IServiceCollection AddCapacityExitCaseQueries(this IServiceCollection services) =>
        services.AddScoped<CaseReadAccess>().AddScoped<CaseListService>().AddScoped<DashboardService>().AddScoped<CaseFileService>();
}
