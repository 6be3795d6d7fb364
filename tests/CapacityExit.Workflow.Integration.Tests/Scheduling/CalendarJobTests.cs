using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Domain.Scheduling;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Scheduling;

/// <summary>Hangfire keeps one global storage per process: tests that run a Hangfire server go one at a time.</summary>
[CollectionDefinition("hangfire", DisableParallelization = true)]
public sealed class HangfireCollection;

[Collection("hangfire")]
public sealed class CalendarJobTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new();
    private IHost? _host;

    /// <summary>A report reminder due on the 1st of each month, shifted to the next working day.</summary>
    private sealed class MonthlyReportJob : ICalendarJob
    {
        public string Id => "test-monthly-report";

        public string Cron => "0 9 * * *";

        public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.MonthlyOnDay(1, NonWorkingDayPolicy.ShiftToNextWorkingDay);

        public Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken) =>
            Task.FromResult($"report reminder for {nominalDay:yyyy-MM-dd}");
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = _database.ConnectionString,
            ["CapacityExit:MigrateAtStartup"] = "false",
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<ICalendarJob, MonthlyReportJob>();
        var core = builder.AddCapacityExitCore();
        builder.AddCapacityExitScheduling(core, RepoPaths.Root);
        _host = builder.Build();
        await _host.StartAsync();
        _host.Services.RegisterCalendarJobs();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        await _database.DisposeAsync();
    }

    private static readonly TimeSpan ShanghaiNine = TimeSpan.FromHours(1); // 09:00 +08:00 is 01:00 UTC

    [Fact]
    public async Task A_monthly_job_due_on_National_Day_runs_through_Hangfire_on_the_first_working_day_after_and_only_once()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero) + ShanghaiNine);
        Assert.Equal("NotADayToRun", await TriggerAndWaitAsync("test-monthly-report"));
        _time.SetUtcNow(new DateTimeOffset(2026, 10, 7, 0, 0, 0, TimeSpan.Zero) + ShanghaiNine);
        Assert.Equal("NotADayToRun", await TriggerAndWaitAsync("test-monthly-report"));

        _time.SetUtcNow(new DateTimeOffset(2026, 10, 8, 0, 0, 0, TimeSpan.Zero) + ShanghaiNine);
        Assert.Equal("Ran", await TriggerAndWaitAsync("test-monthly-report"));
        Assert.Equal("AlreadyRan", await TriggerAndWaitAsync("test-monthly-report"));

        var runs = await RunsAsync();
        Assert.Equal([("test-monthly-report", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 8), "report reminder for 2026-10-01")], runs);
    }

    [Fact]
    public async Task The_recurring_jobs_are_registered_in_Asia_Shanghai()
    {
        using var connection = _host!.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs();

        var check = Assert.Single(jobs, j => j.Id == ConsistencyCheckJob.JobId);
        Assert.Equal("0 2 * * *", check.Cron);
        Assert.Equal("Asia/Shanghai", check.TimeZoneId);
    }

    /// <summary>Triggers a recurring job on the real Hangfire server and waits for its result.</summary>
    private async Task<string> TriggerAndWaitAsync(string recurringJobId)
    {
        var manager = _host!.Services.GetRequiredService<IRecurringJobManagerV2>();
        var jobId = manager.TriggerJob(recurringJobId);
        var monitoring = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var i = 0; i < 600; i++)
        {
            var details = monitoring.JobDetails(jobId);
            var state = details?.History.FirstOrDefault();
            if (state?.StateName == "Succeeded")
            {
                return state.Data["Result"].Trim('"');
            }

            if (state?.StateName is "Failed")
            {
                throw new InvalidOperationException($"job failed: {(state.Data.TryGetValue("ExceptionMessage", out var m) ? m : "?")}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Hangfire job {jobId} did not finish within 30 s");
    }

    private async Task<List<(string, DateOnly, DateOnly, string)>> RunsAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select job_id, nominal_day, ran_on, summary from capacity_exit.calendar_job_runs order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, DateOnly, DateOnly, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3)));
        }

        return rows;
    }
}
