using System.Diagnostics;
using CapacityExit.Workflow.Core.Workflows;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// Fire lag at a steady rate: timers due every 1/rate s over the window, fired by the real
/// <see cref="DispatcherService"/> (drain, sleep until the next due time, wake on NOTIFY), as a host runs it.
/// Lag is due time to the commit of the firing transaction (track_commit_timestamp), so it includes the commit.
/// If the real service stops firing while timers are overdue, that is reported, and the lag is measured again
/// with the same loop in which a wait under 1 ms is rounded up to 1 ms (see <see cref="LoopAsync"/>).
/// </summary>
public sealed class LagBench(BenchDatabases databases, WorkflowRuntime runtime, ILoggerFactory logging)
{
    public async Task RunAsync(int seconds, int perSecond, BenchResults results)
    {
        var real = await ScheduleAndFireAsync("bench_lag", seconds, perSecond, async (dispatcher, source, stop) =>
        {
            using var service = new DispatcherService(dispatcher, source, TimeProvider.System, new DispatcherHealth(), logging.CreateLogger<DispatcherService>());
            await service.StartAsync(CancellationToken.None);
            await stop.Task;
            await service.StopAsync(CancellationToken.None);
        });
        if (real.Stalled is { } fired)
        {
            results.Note($"lag: the real DispatcherService stopped firing after {fired:N0} of {seconds * perSecond:N0} timers with timers overdue: " +
                "a wait under 1 ms reaches NpgsqlConnection.WaitAsync as 0 ms, which Npgsql takes as no time-out, so it sleeps until the next NOTIFY; " +
                "lag measured again with the same loop and waits rounded up to 1 ms");
            var fixedLoop = await ScheduleAndFireAsync("bench_lag_floor", seconds, perSecond, async (dispatcher, source, stop) =>
            {
                using var cancel = new CancellationTokenSource();
                var loop = LoopAsync(dispatcher, source, cancel.Token);
                await stop.Task;
                await cancel.CancelAsync();
                await loop;
            });
            await ReportAsync(fixedLoop.ConnectionString, seconds * perSecond, results);
        }
        else
        {
            results.Note("lag: measured with the real DispatcherService (it did not stall in this run; it may: see docs/benchmarks.md)");
            await ReportAsync(real.ConnectionString, seconds * perSecond, results);
        }

        results.Set("lag_fires_per_s", perSecond);
    }

    /// <summary><see cref="DispatcherService"/>'s loop (drain, sleep until the next due time or a NOTIFY), its wait at least 1 ms.</summary>
    private static async Task LoopAsync(TimerDispatcher dispatcher, NpgsqlDataSource source, CancellationToken stop)
    {
        await using var listener = await source.OpenConnectionAsync(stop);
        await using (var listen = new NpgsqlCommand($"listen {TransitionWriter.TimerChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync(stop);
        }

        try
        {
            while (!stop.IsCancellationRequested)
            {
                await dispatcher.DrainAsync(stop);
                var next = await dispatcher.NextDueAsync(stop);
                var wait = next is null ? DispatcherService.MaxWait : next.Value - TimeProvider.System.GetUtcNow();
                wait = wait > DispatcherService.MaxWait ? DispatcherService.MaxWait : wait;
                if (wait > TimeSpan.Zero)
                {
                    await listener.WaitAsync((int)Math.Ceiling(wait.TotalMilliseconds), stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<(string ConnectionString, long? Stalled)> ScheduleAndFireAsync(string database, int seconds, int perSecond,
        Func<TimerDispatcher, NpgsqlDataSource, TaskCompletionSource, Task> fire)
    {
        var count = seconds * perSecond;
        var step = TimeSpan.FromSeconds(1.0 / perSecond);
        var cs = await databases.FreshAsync(database);
        Progress.Step($"{database}: cloning {count:N0} cases, one due every {step.TotalMilliseconds:0} ms for {seconds} s");
        await databases.CloneAsync(cs, count, TimeProvider.System.GetUtcNow().AddDays(1), step);
        await using var source = NpgsqlDataSource.Create(cs);
        // Shift the schedule to start two seconds from now, in one statement (the clone itself takes a while).
        await using (var shift = source.CreateCommand("update capacity_exit.workflow_timers set due_at = due_at - (select min(due_at) from capacity_exit.workflow_timers where status = 'Pending') + $1 where status = 'Pending'"))
        {
            shift.Parameters.Add(new NpgsqlParameter { Value = TimeProvider.System.GetUtcNow().AddSeconds(2) });
            await shift.ExecuteNonQueryAsync();
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firing = fire(BenchDatabases.Dispatcher(source, runtime, "bench-lag"), source, stop);
        var watch = Stopwatch.StartNew();
        long? stalled = null;
        await using (var progress = Progress.Start($"{database} at {perSecond}/s", count, () => BenchDatabases.CountAsync(source, "status = 'Fired'")))
        {
            var limit = TimeSpan.FromSeconds(seconds + 30);
            long fired, last = -1;
            var since = Stopwatch.StartNew();
            while ((fired = await BenchDatabases.CountAsync(source, "status = 'Fired'")) < count && watch.Elapsed < limit)
            {
                if (fired != last)
                {
                    (last, since) = (fired, Stopwatch.StartNew());
                }
                else if (since.Elapsed > TimeSpan.FromSeconds(3) && await BenchDatabases.CountAsync(source, "status = 'Pending' and due_at < now() - interval '2 seconds'") > 0)
                {
                    stalled = fired; // nothing fired for 3 s while timers are 2 s overdue
                    break;
                }

                await Task.Delay(100);
            }

            progress.Show(fired, final: true);
        }

        stop.SetResult();
        await firing;
        return (cs, stalled);
    }

    private static async Task ReportAsync(string cs, int count, BenchResults results)
    {
        await using var source = NpgsqlDataSource.Create(cs);
        await using var command = source.CreateCommand("""
            with lag as (
                select extract(epoch from coalesce(pg_xact_commit_timestamp(xmin), fired_at) - due_at) * 1000 as ms,
                       pg_xact_commit_timestamp(xmin) is not null as exact
                from capacity_exit.workflow_timers where status = 'Fired' and key = $1)
            select percentile_cont(0.5) within group (order by ms), percentile_cont(0.99) within group (order by ms), max(ms), count(*), bool_and(exact)
            from lag
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = BenchDatabases.DeadlineKey });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetInt64(3) < count)
        {
            results.Note($"lag: only {reader.GetInt64(3)} of {count} timers fired within the window");
        }

        if (!reader.GetBoolean(4))
        {
            results.Note("lag: track_commit_timestamp is off: lag measured to fired_at (the batch's start), not to its commit");
        }

        results.Set("lag_p50_ms", reader.GetDouble(0));
        results.Set("lag_p99_ms", reader.GetDouble(1));
        results.Set("lag_max_ms", reader.GetDouble(2));
    }
}
