using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CapacityExit.Workflow.Core.Obligations;

public static class ObligationServices
{
    /// <summary>The list of every open duty a person owes (我的待办 reads it).</summary>
    public static IServiceCollection AddCapacityExitObligations(this IServiceCollection services)
    {
        services.TryAddScoped<ObligationLedger>();
        return services;
    }
}
