using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Programmes;

public static class ProgrammeServices
{
    /// <summary>The industry programmes' services (needs the workflow runtime and the registry); the job needs the notices too.</summary>
    public static void AddCapacityExitProgrammes(this IHostApplicationBuilder builder, bool withJob)
    {
        builder.Services.TryAddScoped<ProgrammeDirectory>();
        builder.Services.TryAddScoped<ProgrammeService>();
        // The production permit's cancellation report opens with the closure, in the transition's transaction (001 §四.(七)).
        if (!builder.Services.Any(s => s.ServiceType == typeof(PermitCancellationDuties)))
        {
            builder.Services.AddSingleton<PermitCancellationDuties>();
            builder.Services.AddSingleton<Workflows.ITransitionFollowUp>(sp => sp.GetRequiredService<PermitCancellationDuties>());
        }

        if (withJob)
        {
            builder.Services.AddSingleton<ProgrammeJob>();
            builder.Services.AddSingleton<Scheduling.ICalendarJob>(sp => sp.GetRequiredService<ProgrammeJob>());
        }
    }
}
