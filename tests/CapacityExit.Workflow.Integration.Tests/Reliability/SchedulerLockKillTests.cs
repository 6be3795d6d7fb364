using System.Diagnostics;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Npgsql;
using Xunit.Abstractions;

namespace CapacityExit.Workflow.Integration.Tests.Reliability;

/// <summary>
/// Issue 10: two hosts; one is SIGKILLed while it holds Hangfire's scheduler lock and has a job fetched. The other
/// must run the next due recurring job within two minutes, and the fetched job again within two minutes, its effect
/// once. Hangfire's defaults (a 10-minute lock timeout, a 30-minute invisibility timeout) would stall both; the
/// hosts run with ours (60 s each, CapacityExit:Hangfire:LockTimeoutSeconds and InvisibilityTimeoutSeconds).
/// </summary>
[Collection("hangfire")]
public sealed class SchedulerLockKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Check = ConsistencyCheckJob.JobId;

    /// <summary>The row Hangfire.PostgreSql keeps in hangfire.lock while a server's RecurringJobScheduler works ("recurring-jobs:lock", prefixed with the schema).</summary>
    private const string SchedulerLock = SchedulingServices.HangfireSchema + ":recurring-jobs:lock";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_host_killed_holding_the_scheduler_lock_with_a_job_fetched_leaves_the_other_host_running_both_within_two_minutes_the_effect_once()
    {
        var storageOptions = new PostgreSqlStorageOptions { SchemaName = SchedulingServices.HangfireSchema, PrepareSchemaIfNecessary = false };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(_database.ConnectionString, storageOptions), storageOptions);
        var monitoring = storage.GetMonitoringApi();

        // Every consistency check host A runs blocks on the run record it writes, inside its transaction.
        var runsHeld = await HoldAsync("lock table capacity_exit.calendar_job_runs in exclusive mode");
        await using var a = HostProcess.Start(Environment("capexit-host-a"));
        await a.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));

        // An operator triggers the check (the dashboard's "Trigger now"); one of A's workers fetches it and blocks in it.
        var triggered = new RecurringJobManager(storage).TriggerJob(Check);
        Assert.NotNull(triggered);
        await WaitForAsync("A fetched the triggered check and blocks in it", TimeSpan.FromSeconds(30), a, async () =>
            await FetchedAtAsync(triggered) is not null
            && ProcessingBy(monitoring.JobDetails(triggered), a)
            && await WaitingAsync("capexit-host-a", "%calendar_job_runs%"));

        // Then the scheduler: it takes the lock, reads the set of recurring jobs, and blocks there while the test holds it.
        var setHeld = await HoldAsync("lock table hangfire.\"set\" in access exclusive mode");
        await WaitForAsync("A's scheduler holds its lock and blocks inside it", TimeSpan.FromSeconds(30), a, async () =>
            await LockAcquiredAsync() is not null && await WaitingAsync("capexit-host-a", "%\"set\"%"));

        var fetchedByA = await JobsFetchedAsync();
        var lastJobBeforeKill = await ScalarAsync<long>("select max(id) from hangfire.job");
        var lockTakenAt = (await LockAcquiredAsync())!.Value;
        var killedAt = Stopwatch.StartNew();
        a.Kill();
        Assert.NotEqual(0, await a.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await setHeld.DisposeAsync();
        await runsHeld.DisposeAsync();

        // What the dead host left: its scheduler lock and its fetched jobs, as a crash leaves them.
        var leftLock = await LockAcquiredAsync();
        Assert.True(leftLock == lockTakenAt,
            $"the kill missed: A no longer held {SchedulerLock} when it died (lock row {leftLock?.ToString("O") ?? "gone"}, taken {lockTakenAt:O})");
        Assert.Contains(triggered, fetchedByA);
        foreach (var job in fetchedByA)
        {
            Assert.True(await FetchedAtAsync(job) is not null, $"the kill missed: job {job} was no longer fetched by A when it died");
        }

        output.WriteLine($"A (pid {a.Id}) killed holding {SchedulerLock} (taken {lockTakenAt:HH:mm:ss.fff} UTC) with job(s) {string.Join(", ", fetchedByA)} fetched");

        await using var b = HostProcess.Start(Environment("capexit-host-b"));
        string? nextRun = null;
        var seen = new Dictionary<string, TimeSpan>();
        await WaitForAsync("B ran the next due recurring check and every job A had fetched", Limit - killedAt.Elapsed, b, () =>
        {
            foreach (var job in fetchedByA.Where(j => !seen.ContainsKey(j) && SucceededOn(monitoring.JobDetails(j), b, after: a)))
            {
                seen[job] = killedAt.Elapsed;
            }

            using var connection = storage.GetConnection();
            var recurring = connection.GetRecurringJobs([Check]).Single();
            if (nextRun is null && recurring.LastJobId is { } last && long.Parse(last) > lastJobBeforeKill && SucceededOn(monitoring.JobDetails(last), b))
            {
                nextRun = last;
                seen[last] = killedAt.Elapsed;
            }

            return Task.FromResult(nextRun is not null && fetchedByA.All(seen.ContainsKey));
        }, () => $"succeeded on B so far: {(seen.Count == 0 ? "none" : string.Join(", ", seen.Keys))}; lock row {LockAcquiredAsync().Result?.ToString("O") ?? "gone"}");
        Assert.True(killedAt.Elapsed <= Limit, $"B took {killedAt.Elapsed} after the kill");
        output.WriteLine(string.Join("; ", seen.Select(s => $"job {s.Key} {(s.Key == nextRun ? "(next recurring run)" : "(fetched by A)")} succeeded on B {s.Value.TotalSeconds:0} s after the kill")));

        // The effect once: one run record for the day, and exactly one of the runs found the day not yet done.
        var runs = fetchedByA.Concat(SucceededChecksAfter(monitoring, lastJobBeforeKill)).Distinct()
            .Select(job => (Job: job, Result: Result(monitoring.JobDetails(job)))).ToList();
        output.WriteLine(string.Join("; ", runs.Select(r => $"job {r.Job}: {r.Result}")));
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from capacity_exit.calendar_job_runs where job_id = @job", ("job", Check)));
        Assert.Single(runs, r => r.Result == nameof(CalendarJobOutcome.Ran));
        Assert.All(runs, r => Assert.Contains(r.Result, new[] { nameof(CalendarJobOutcome.Ran), nameof(CalendarJobOutcome.AlreadyRan) }));
    }

    /// <summary>The consistency checks Hangfire created after <paramref name="lastBefore"/> and ran to success.</summary>
    private static IEnumerable<string> SucceededChecksAfter(IMonitoringApi monitoring, long lastBefore) =>
        monitoring.SucceededJobs(0, 1000).Select(j => j.Key)
            .Where(id => long.Parse(id) > lastBefore
                         && Value(monitoring.JobDetails(id)?.Properties, "RecurringJobId")?.Trim('"') == Check);

    private Dictionary<string, string> Environment(string applicationName) => new()
    {
        ["ConnectionStrings__Default"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = applicationName }.ConnectionString,
        ["CapacityExit__Mail__Enabled"] = "false",
        // The check every minute instead of 02:00, so that one is always due soon; its work still runs once a day.
        [$"CapacityExit__Hangfire__Cron__{Check}"] = "* * * * *",
    };

    /// <summary>A session of the test's own holding a table lock until disposed.</summary>
    private async Task<NpgsqlConnection> HoldAsync(string lockStatement)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"begin; set local lock_timeout = '10s'; {lockStatement}", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? default! : (T)result;
    }

    private Task<DateTime?> FetchedAtAsync(string jobId) =>
        ScalarAsync<DateTime?>("select fetchedat from hangfire.jobqueue where jobid = @id", ("id", long.Parse(jobId)));

    private Task<DateTime?> LockAcquiredAsync() =>
        ScalarAsync<DateTime?>("select acquired from hangfire.lock where resource = @resource", ("resource", SchedulerLock));

    private async Task<List<string>> JobsFetchedAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select jobid from hangfire.jobqueue where fetchedat is not null order by jobid", connection);
        var jobs = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            jobs.Add(reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return jobs;
    }

    /// <summary>Whether a session of the named host waits for a lock in a statement like <paramref name="pattern"/>.</summary>
    private Task<bool> WaitingAsync(string applicationName, string pattern) => ScalarAsync<bool>(
        "select exists (select 1 from pg_stat_activity where application_name = @app and wait_event_type = 'Lock' and query ilike @pattern)",
        ("app", applicationName), ("pattern", pattern));

    /// <summary>Hangfire names a server "{ServerName}:{process id}:{guid}" in lower case; ours is "{machine}:{process id}".</summary>
    private static bool IsServerOf(string? serverId, HostProcess host) =>
        serverId?.StartsWith($"{System.Environment.MachineName}:{host.Id}:", StringComparison.OrdinalIgnoreCase) == true;

    private static bool ProcessingBy(JobDetailsDto? job, HostProcess host) =>
        job?.History.FirstOrDefault() is { StateName: "Processing" } state && IsServerOf(Value(state.Data, "ServerId"), host);

    /// <summary>Succeeded, processed last by <paramref name="host"/> (and, if given, earlier by <paramref name="after"/>).</summary>
    private static bool SucceededOn(JobDetailsDto? job, HostProcess host, HostProcess? after = null)
    {
        if (job?.History.FirstOrDefault() is not { StateName: "Succeeded" })
        {
            return false;
        }

        var processing = job.History.Where(s => s.StateName == "Processing").Select(s => Value(s.Data, "ServerId")).ToList(); // newest first
        return IsServerOf(processing.FirstOrDefault(), host) && (after is null || processing.Skip(1).Any(id => IsServerOf(id, after)));
    }

    private static string Result(JobDetailsDto? job) =>
        Value(job?.History.FirstOrDefault(s => s.StateName == "Succeeded")?.Data, "Result")?.Trim('"') ?? "(not succeeded)";

    private static string? Value(IDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) ? value : null;

    private static async Task WaitForAsync(string what, TimeSpan limit, HostProcess host, Func<Task<bool>> condition, Func<string>? seen = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"waiting until {what}: the host exited:\n{host.Output}");
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"not within {limit.TotalSeconds:0} s: {what}; {seen?.Invoke() ?? ""}\n{host.Output}");
            }

            await Task.Delay(250);
        }
    }
}
