using System.Diagnostics;
using CapacityExit.Workflow.Core.Workflows;
using Npgsql;
using Quartz;

namespace CapacityExit.Workflow.Bench;

/// <summary>The job Quartz runs for one timer; the timer's id travels in the trigger's job data.</summary>
public sealed class QuartzTimerJob : IJob
{
    public const string TimerIdKey = "timerId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var id = context.MergedJobDataMap.GetLong(TimerIdKey);
        await (SingleTimerFirer.Current ?? throw new InvalidOperationException("no firer")).FireAsync(id, cancellationToken);
    }
}

/// <summary>
/// Quartz 4 on its clustered ADO job store in the same PostgreSQL: one durable job and one one-shot trigger per
/// timer, all due, added while the scheduler stands by, then timed from Start until every timer has fired. The
/// store's tables come from Quartz itself (ProvisionSchema: the package creates what its schema is missing).
/// </summary>
public sealed class QuartzBench(BenchDatabases databases, WorkflowRuntime runtime)
{
    public async Task<double> RunAsync(int timers, BenchResults results)
    {
        var cs = await databases.FreshAsync("bench_quartz");
        Progress.Step($"quartz: cloning {timers:N0} due cases");
        await databases.CloneAsync(cs, timers);
        await using var source = NpgsqlDataSource.Create(cs);
        SingleTimerFirer.Current = new SingleTimerFirer(source, runtime, "bench-quartz");
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.AddJobType<QuartzTimerJob>();
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = 20);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(cs);
                store.UseClustering();
                store.ProvisionSchema();
            });
        }).BuildScheduler();
        var ids = await SingleTimerFirer.PendingIdsAsync(cs);
        var scheduling = Stopwatch.StartNew();
        var now = TimeProvider.System.GetUtcNow();
        foreach (var chunk in ids.Chunk(500))
        {
            var jobs = chunk.ToDictionary(
                id => JobBuilder.Create<QuartzTimerJob>().WithIdentity($"timer-{id}", "bench").UsingJobData(QuartzTimerJob.TimerIdKey, id).Build(),
                id => (IReadOnlyCollection<ITrigger>)[TriggerBuilder.Create().WithIdentity($"timer-{id}", "bench").StartAt(now).Build()]);
            await scheduler.ScheduleJobs(jobs, new ScheduleJobOptions { Replace = true });
        }

        Progress.Step($"quartz: {ids.Count:N0} triggers added in {scheduling.Elapsed.TotalSeconds:0.0} s; starting the scheduler");
        await using var probe = NpgsqlDataSource.Create(cs);
        var watch = Stopwatch.StartNew();
        await scheduler.Start();
        long fired;
        await using (var progress = Progress.Start("quartz", timers, () => BenchDatabases.CountAsync(probe, "status = 'Fired'")))
        {
            var limit = TimeSpan.FromSeconds(Math.Max(120, timers / 20.0));
            while ((fired = await BenchDatabases.CountAsync(probe, "status = 'Fired'")) < timers && watch.Elapsed < limit)
            {
                await Task.Delay(100);
            }

            watch.Stop();
            progress.Show(fired, final: true);
        }

        await scheduler.Shutdown(waitForJobsToComplete: true);
        if (fired < timers)
        {
            results.Note($"quartz: only {fired:N0} of {timers:N0} fired in time; rate over what fired");
            return fired / watch.Elapsed.TotalSeconds;
        }

        await DispatcherBench.CheckExactlyOnceAsync(cs, timers, results, "quartz", recordOutbox: false);
        return timers / watch.Elapsed.TotalSeconds;
    }
}
