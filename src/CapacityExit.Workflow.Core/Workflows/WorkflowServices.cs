using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Workflows;

public static class WorkflowServices
{
    /// <summary>
    /// Loads and validates every workflow definition, profile and the holiday calendar now, so a broken file
    /// stops start-up with its file, line and reason (<see cref="WorkflowDefinitionException"/>,
    /// <see cref="CalendarFormatException"/>) instead of failing a case months later. Registers the runtime,
    /// the case service and the dispatcher (run as a hosted service unless CapacityExit:Dispatcher:Enabled=false).
    /// </summary>
    public static WorkflowRuntime AddCapacityExitWorkflows(this IHostApplicationBuilder builder, string root, bool runDispatcher = true)
    {
        var calendar = WorkflowFileReader.LoadCalendar(ProjectPaths.HolidayCalendar(root));
        var runtime = new WorkflowRuntime(WorkflowFileReader.LoadCatalog(ProjectPaths.Workflows(root)), calendar);
        // Asked for anew by each scope and each calendar job's run: a year entered while the host runs is used from then on
        // (WorkflowRuntime.UseCalendar; Calendar/CalendarFileWatcher for a year entered by another process).
        builder.Services.TryAddTransient(sp => sp.GetRequiredService<WorkflowRuntime>().Calendar);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(new DispatcherOptions(BatchSize(builder.Configuration)));
        builder.Services.AddSingleton<DispatcherHealth>();
        builder.Services.AddSingleton<TimerDispatcher>();
        builder.Services.AddSingleton<WorkflowStarter>();
        builder.Services.AddScoped<CaseWorkflowService>();
        builder.Services.AddScoped<Cases.CaseDetailsService>();
        builder.Services.AddSingleton<Calendar.YearArrival.YearArrivalRecompute>(); // issue 18: a year's arrangement arriving
        builder.Services.AddSingleton<Calendar.HolidayYearStore>();
        builder.Services.AddHealthChecks().AddCheck<DispatcherHealth>("timer-dispatcher", tags: [Health.HealthTags.Ready]);
        if (runDispatcher)
        {
            // The shipped file with the years entered in PostgreSQL laid over it; an entered year is counted on at once (LISTEN).
            builder.Services.AddSingleton(sp => new Calendar.CalendarFileWatcher(ProjectPaths.HolidayCalendar(root), sp.GetRequiredService<WorkflowRuntime>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Calendar.CalendarFileWatcher>>(),
                sp.GetRequiredService<Calendar.HolidayYearStore>(), sp.GetRequiredService<Npgsql.NpgsqlDataSource>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Calendar.CalendarFileWatcher>());
        }

        if (runDispatcher && CapacityExitSettings.Bool(builder.Configuration, "CapacityExit:Dispatcher:Enabled", true))
        {
            builder.Services.AddHostedService<DispatcherService>();
        }

        return runtime;
    }

    private static int BatchSize(IConfiguration configuration)
    {
        const string key = "CapacityExit:Dispatcher:BatchSize";
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 500;
        }

        return int.TryParse(text, out var value) && value is >= 1 and <= 10_000
            ? value
            : throw new ConfigurationValueException(key, $"'{text}' is not a whole number from 1 to 10000");
    }
}
