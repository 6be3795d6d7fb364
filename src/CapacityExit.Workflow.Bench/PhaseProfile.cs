using System.Diagnostics;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// Where a batch's time goes: the same steps as <see cref="TimerDispatcher.DispatchBatchAsync"/> (its claim SQL,
/// <see cref="WorkflowStore.LoadAsync"/>, <see cref="WorkflowRuntime.Apply"/>, <see cref="TransitionWriter"/>, one
/// commit), each under a stopwatch. A copy of the loop, not the class: the class has no hooks, and Core is not the
/// bench's to change. One host, on fresh data.
/// </summary>
public sealed class PhaseProfile(BenchDatabases databases, WorkflowRuntime runtime)
{
    private const string ClaimSql = """
        select t.id, t.case_id, t.key, t.due_at
        from capacity_exit.workflow_timers t
        join capacity_exit.workflow_instances i on i.case_id = t.case_id
        where t.status = 'Pending' and t.due_at <= @now
        order by t.due_at, t.id
        limit @limit
        for update of t, i skip locked
        """;

    private static readonly string[] Names = ["connect+begin", "claim", "load", "engine", "build statements", "execute writes", "commit"];

    public async Task RunAsync(int timers, int batchSize, BenchResults results)
    {
        var cs = await databases.FreshAsync("bench_profile");
        Progress.Step($"profile: cloning {timers:N0} due cases");
        await databases.CloneAsync(cs, timers);
        await using var source = NpgsqlDataSource.Create(cs);
        var totals = new double[Names.Length];
        var all = Stopwatch.StartNew();
        var fired = 0;
        await using (var progress = Progress.Start($"profile (batch {batchSize})", timers, () => Task.FromResult((long)fired)))
        {
            int count;
            do
            {
                count = await BatchAsync(source, batchSize, totals);
                fired += count;
            }
            while (count > 0);
            progress.Show(fired, final: true);
        }

        all.Stop();
        for (var i = 0; i < Names.Length; i++)
        {
            results.Phases.Add((Names[i], totals[i]));
        }

        results.Phases.Add(("total (wall)", all.Elapsed.TotalMilliseconds));
        results.Set("profile_fires_per_s", fired / all.Elapsed.TotalSeconds);
        await DispatcherBench.CheckExactlyOnceAsync(cs, timers, results, "profile");
    }

    private async Task<int> BatchAsync(NpgsqlDataSource source, int batchSize, double[] totals)
    {
        var watch = Stopwatch.StartNew();
        void Lap(int phase)
        {
            totals[phase] += watch.Elapsed.TotalMilliseconds;
            watch.Restart();
        }

        var now = TimeProvider.System.GetUtcNow();
        await using var connection = await source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Lap(0);
        var claimed = new List<(long Id, long CaseId, string Key, DateTimeOffset DueAt)>();
        await using (var claim = new NpgsqlCommand(ClaimSql, connection, transaction))
        {
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("limit", batchSize);
            await using var reader = await claim.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                claimed.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        Lap(1);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var instances = await WorkflowStore.LoadAsync(connection, transaction, claimed.Select(c => c.CaseId).ToList(), lockRows: false, CancellationToken.None);
        Lap(2);
        var writer = new TransitionWriter(now, "bench-profile");
        foreach (var timer in claimed)
        {
            var instance = instances[timer.CaseId];
            var result = runtime.Apply(instance, new TimerFired(timer.Key, timer.DueAt), now, out var finished, out var caseStatus);
            writer.MarkFired(timer.Id);
            if (result is not null)
            {
                writer.Add(timer.CaseId, runtime.NoteLateness(result, now - timer.DueAt), finished, caseStatus, "system:timer", now - timer.DueAt);
                instances[timer.CaseId] = instance with { State = result.NewState, Finished = finished };
            }
        }

        Lap(3);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            writer.Flush(batch);
            Lap(4);
            await batch.ExecuteNonQueryAsync();
            Lap(5);
        }

        await transaction.CommitAsync();
        Lap(6);
        return claimed.Count;
    }
}
