using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Domain.Deadlines;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Scheduling;

/// <summary>Settings of the background-job engine, checked at start-up.</summary>
public sealed record SchedulingSettings(bool RunServer, int WorkerCount, TimeSpan LockTimeout, TimeSpan InvisibilityTimeout, bool DashboardAllowsLocalRequests)
{
    public static SchedulingSettings From(IConfiguration configuration) => new(
        CapacityExitSettings.Bool(configuration, "CapacityExit:Hangfire:RunServer", true),
        Int(configuration, "CapacityExit:Hangfire:WorkerCount", 4, 1, 100),
        TimeSpan.FromSeconds(Int(configuration, "CapacityExit:Hangfire:LockTimeoutSeconds", 60, 5, 3600)),
        TimeSpan.FromSeconds(Int(configuration, "CapacityExit:Hangfire:InvisibilityTimeoutSeconds", 60, 5, 3600)),
        CapacityExitSettings.Bool(configuration, "CapacityExit:Hangfire:DashboardAllowsLocalRequests", false));

    private static int Int(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationValueException(key, $"'{text}' is not a whole number from {min} to {max}");
    }
}

public static class SchedulingServices
{
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Hangfire on PostgreSQL in its own schema, the holiday calendar, and the calendar jobs. Hangfire's defaults
    /// (a 10-minute lock timeout, a 30-minute invisibility timeout) would stall recurring jobs and re-runs for that
    /// long after a host dies; ours are a minute, with a sliding invisibility timeout for long jobs.
    /// </summary>
    public static void AddCapacityExitScheduling(this IHostApplicationBuilder builder, CapacityExitSettings core, string root)
    {
        var settings = SchedulingSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(_ => HolidayCalendar.Load(ProjectPaths.HolidayCalendar(root)));
        builder.Services.AddSingleton<ICalendarJob, ConsistencyCheckJob>();
        builder.Services.AddSingleton<ICalendarJob, DailyDigestJob>();
        builder.Services.AddTransient<CalendarJobRunner>();
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(core.ConnectionString), new PostgreSqlStorageOptions
            {
                SchemaName = HangfireSchema,
                PrepareSchemaIfNecessary = true,
                DistributedLockTimeout = settings.LockTimeout,
                InvisibilityTimeout = settings.InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
                QueuePollInterval = TimeSpan.FromSeconds(1),
            }));
        if (settings.RunServer)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.WorkerCount = settings.WorkerCount;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
    }

    /// <summary>Registers (or updates) every calendar job as a Hangfire recurring job in Asia/Shanghai.</summary>
    public static void RegisterCalendarJobs(this IServiceProvider services)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        foreach (var job in services.GetServices<ICalendarJob>())
        {
            var id = job.Id;
            manager.AddOrUpdate<CalendarJobRunner>(id, runner => runner.RunAsync(id, CancellationToken.None), job.Cron,
                new RecurringJobOptions { TimeZone = ChinaTime.Zone });
        }
    }
}
