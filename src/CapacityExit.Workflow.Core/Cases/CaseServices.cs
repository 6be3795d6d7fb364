using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CapacityExit.Workflow.Core.Cases;

public static class CaseServices
{
    /// <summary>The read side of cases: who sees which, the list.</summary>
    public static IServiceCollection AddCapacityExitCaseQueries(this IServiceCollection services)
    {
        services.TryAddScoped<CaseReadAccess>();
        services.TryAddScoped<CaseListService>();
        services.TryAddScoped<DashboardService>();
        services.TryAddScoped<CaseFileService>();
        services.TryAddScoped<CaseFilterReader>();
        return services;
    }
}
