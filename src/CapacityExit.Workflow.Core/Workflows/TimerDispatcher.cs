using System.Diagnostics;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Workflows;

public sealed record DispatcherOptions(int BatchSize = 500, string HostId = "")
{
    public string EffectiveHostId => HostId.Length > 0 ? HostId : $"{Environment.MachineName}:{Environment.ProcessId}";
}

/// <summary>
/// Fires due timers. Any number of hosts run it at once: each claims a batch of due timers together with
/// their instances (FOR UPDATE ... SKIP LOCKED, so hosts never wait on each other or on a user's command),
/// applies each timer's transition in due order, marks the timers fired and commits it all in one
/// transaction. A host that dies mid-batch commits nothing; its rows unlock and another host fires them:
/// each timer's effect happens exactly once.
/// </summary>
public sealed class TimerDispatcher(
    NpgsqlDataSource dataSource, WorkflowRuntime runtime, TimeProvider time, DispatcherOptions options, ILogger<TimerDispatcher> logger,
    IEnumerable<ITransitionFollowUp>? followUps = null)
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

    /// <summary>Claims and fires one batch; returns how many timers fired (a full batch means: call again).</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = new List<(long Id, long CaseId, string Key, DateTimeOffset DueAt)>();
        await using (var claim = new NpgsqlCommand(ClaimSql, connection, transaction))
        {
            claim.Parameters.AddWithValue("now", now.ToUniversalTime());
            claim.Parameters.AddWithValue("limit", options.BatchSize);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        if (claimed.Count == 0)
        {
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var instances = await WorkflowStore.LoadAsync(connection, transaction, claimed.Select(c => c.CaseId).ToList(), lockRows: false, cancellationToken);
        var writer = new TransitionWriter(now, options.EffectiveHostId);
        foreach (var timer in claimed)
        {
            if (!instances.TryGetValue(timer.CaseId, out var instance) || instance.Finished)
            {
                writer.MarkFired(timer.Id);
                continue;
            }

            var lateBy = now - timer.DueAt;
            TransitionResult? result;
            bool finished;
            Data.Model.CaseStatus? caseStatus;
            try
            {
                result = runtime.Apply(instance, new TimerFired(timer.Key, timer.DueAt), now, out finished, out caseStatus);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Timer {Key} of case {Case} could not fire; set aside as Failed", timer.Key, timer.CaseId);
                writer.MarkFailed(timer.Id, timer.CaseId, timer.Key, instance.State.State, instance.State.Version, $"{e.GetType().Name}: {e.Message}");
                continue;
            }

            writer.MarkFired(timer.Id);
            if (result is null)
            {
                continue; // the engine found nothing to do (a timer of a step already left): fired, no effect
            }

            writer.Add(timer.CaseId, runtime.NoteLateness(result, lateBy), finished, caseStatus, "system:timer", lateBy, before: instance.State);
            instances[timer.CaseId] = instance with { State = result.NewState, Finished = finished };
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            writer.Flush(batch);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await TransitionFollowUps.RunAsync(followUps, connection, transaction, writer, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogDebug("Fired {Count} timers ({Transitions} transitions) in {Elapsed} ms", claimed.Count, writer.TransitionCount, watch.ElapsedMilliseconds);
        return claimed.Count;
    }

    /// <summary>Fires everything due now, batch after batch (start-up after downtime: in due order).</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int fired;
        do
        {
            fired = await DispatchBatchAsync(cancellationToken);
            total += fired;
        }
        while (fired == options.BatchSize);
        return total;
    }

    /// <summary>The next pending due time, to know how long to sleep.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select min(due_at) from capacity_exit.workflow_timers where status = 'Pending'");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : value as DateTimeOffset?;
    }
}
