using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Domain.Deadlines;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Scheduling;

/// <summary>
/// Settings of the background-job engine, checked at start-up. <see cref="Cron"/> holds the operators' own times for
/// calendar jobs (<c>CapacityExit:Hangfire:Cron:JOB-ID</c>, cron in Asia/Shanghai), replacing the job's own.
/// </summary>
public sealed record SchedulingSettings(
    bool RunServer, int WorkerCount, TimeSpan LockTimeout, TimeSpan InvisibilityTimeout, bool DashboardAllowsLocalRequests,
    IReadOnlyDictionary<string, string>? Cron = null)
{
    public const string CronSection = "CapacityExit:Hangfire:Cron";

    public static SchedulingSettings From(IConfiguration configuration) => new(
        CapacityExitSettings.Bool(configuration, "CapacityExit:Hangfire:RunServer", true),
        Int(configuration, "CapacityExit:Hangfire:WorkerCount", 4, 1, 100),
        TimeSpan.FromSeconds(Int(configuration, "CapacityExit:Hangfire:LockTimeoutSeconds", 60, 5, 3600)),
        TimeSpan.FromSeconds(Int(configuration, "CapacityExit:Hangfire:InvisibilityTimeoutSeconds", 60, 5, 3600)),
        CapacityExitSettings.Bool(configuration, "CapacityExit:Hangfire:DashboardAllowsLocalRequests", false),
        configuration.GetSection(CronSection).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.OrdinalIgnoreCase));

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
        builder.Services.TryAddSingleton(_ => Workflows.WorkflowFileReader.LoadCalendar(ProjectPaths.HolidayCalendar(root)));
        // Calendar jobs are made for each run (CalendarJobRunner is transient): each run counts on the calendar as it is then.
        builder.Services.AddTransient<ICalendarJob, ConsistencyCheckJob>();
        builder.Services.AddTransient<ICalendarJob, DailyDigestJob>();
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

    /// <summary>
    /// Registers (or updates) every calendar job as a Hangfire recurring job in Asia/Shanghai, at the time configured
    /// for it under <see cref="SchedulingSettings.CronSection"/> if any. A configured time for a job that does not
    /// exist, or one that is not a cron expression, stops start-up with its key. A more frequent cron does not make a
    /// job's work happen more often: the job's calendar schedule still runs it once per nominal day.
    /// </summary>
    public static void RegisterCalendarJobs(this IServiceProvider services)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        var configured = services.GetService<SchedulingSettings>()?.Cron ?? new Dictionary<string, string>();
        var jobs = services.GetServices<ICalendarJob>().ToList();
        foreach (var unknown in configured.Keys.Where(key => !jobs.Any(j => string.Equals(j.Id, key, StringComparison.OrdinalIgnoreCase))))
        {
            throw new ConfigurationValueException($"{SchedulingSettings.CronSection}:{unknown}",
                $"there is no calendar job '{unknown}'; the jobs are {string.Join(", ", jobs.Select(j => j.Id).Order(StringComparer.Ordinal))}");
        }

        foreach (var job in jobs)
        {
            var id = job.Id;
            var cron = configured.GetValueOrDefault(id) ?? job.Cron;
            try
            {
                manager.AddOrUpdate<CalendarJobRunner>(id, runner => runner.RunAsync(id, CancellationToken.None), cron,
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });
            }
            catch (ArgumentException e) when (configured.ContainsKey(id))
            {
                throw new ConfigurationValueException($"{SchedulingSettings.CronSection}:{id}",
                    $"'{cron}' is not a cron expression such as '0 3 * * *' (minute hour day month weekday, Asia/Shanghai): {e.InnerException?.Message ?? e.Message}");
            }
        }
    }
}
