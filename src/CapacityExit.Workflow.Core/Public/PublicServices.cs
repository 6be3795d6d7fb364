using CapacityExit.Workflow.Core.Spreadsheets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CapacityExit.Workflow.Core.Public;

public static class PublicServices
{
    /// <summary>The public lists, reports from the public (举报), the census import (issue 17).</summary>
    public static IServiceCollection AddCapacityExitPublic(this IServiceCollection services)
    {
        services.TryAddScoped<PublicListService>();
        services.TryAddScoped<PublicReportService>();
        services.TryAddScoped<RefusedSubmissionLog>();
        services.TryAddScoped<CensusImport>();
        return services;
    }
}
