using System.Diagnostics;
using CapacityExit.Workflow.Core.Workflows;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>The job Hangfire runs for one timer (a static method: Hangfire stores the call, not an object).</summary>
public static class HangfireTimerJob
{
    public static Task Fire(long timerId) =>
        (SingleTimerFirer.Current ?? throw new InvalidOperationException("no firer")).FireAsync(timerId, CancellationToken.None);
}

/// <summary>
/// Hangfire.PostgreSql as a workflow engine on Hangfire schedules its timers: one delayed job per timer, all due,
/// then the server started and timed until every timer has fired. Tuned as docs/PACKAGES found best here: 20
/// workers, schedule polling 1 s, queue polling 200 ms, sliding invisibility, 4 scheduler threads.
/// </summary>
public sealed class HangfireBench(BenchDatabases databases, WorkflowRuntime runtime)
{
    public async Task<double> RunAsync(int timers, BenchResults results)
    {
        var cs = await databases.FreshAsync("bench_hangfire");
        Progress.Step($"hangfire: cloning {timers:N0} due cases");
        await databases.CloneAsync(cs, timers);
        await using var source = NpgsqlDataSource.Create(cs);
        SingleTimerFirer.Current = new SingleTimerFirer(source, runtime, "bench-hangfire");
        var storage = GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(cs), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromMilliseconds(200),
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(1),
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
            }).Entry;
        var client = new BackgroundJobClient(storage);
        var ids = await SingleTimerFirer.PendingIdsAsync(cs);
        var scheduling = Stopwatch.StartNew();
        // Scheduled before the server starts, so the drain is timed alone; four writers to keep this part short.
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (id, _) =>
        {
            client.Schedule(() => HangfireTimerJob.Fire(id), TimeSpan.Zero);
            return ValueTask.CompletedTask;
        });
        Progress.Step($"hangfire: {ids.Count:N0} delayed jobs scheduled in {scheduling.Elapsed.TotalSeconds:0.0} s; starting the server");
        await using var probe = NpgsqlDataSource.Create(cs);
        var watch = Stopwatch.StartNew();
        using (var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = 20,
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
            MaxDegreeOfParallelismForSchedulers = 4,
            ServerName = "bench-hangfire",
        }, storage))
        {
            await using var progress = Progress.Start("hangfire", timers, () => BenchDatabases.CountAsync(probe, "status = 'Fired'"));
            var limit = TimeSpan.FromSeconds(Math.Max(120, timers / 20.0));
            long fired;
            while ((fired = await BenchDatabases.CountAsync(probe, "status = 'Fired'")) < timers && watch.Elapsed < limit)
            {
                await Task.Delay(100);
            }

            watch.Stop();
            progress.Show(fired, final: true);
            server.SendStop();
            if (fired < timers)
            {
                results.Note($"hangfire: only {fired:N0} of {timers:N0} fired within {limit.TotalSeconds:0} s; rate over what fired");
                return fired / watch.Elapsed.TotalSeconds;
            }
        }

        await DispatcherBench.CheckExactlyOnceAsync(cs, timers, results, "hangfire", recordOutbox: false);
        return timers / watch.Elapsed.TotalSeconds;
    }
}
