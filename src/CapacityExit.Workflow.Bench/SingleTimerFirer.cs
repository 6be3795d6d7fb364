using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// What a Hangfire job or a Quartz trigger does for one timer: the dispatcher's work for that timer alone, in its
/// own transaction (lock the timer and its instance, load, run the engine, write the transition, history and
/// outbox rows with <see cref="TransitionWriter"/>, mark the timer fired, commit). A timer no longer pending (the
/// scheduler ran the job twice) is left alone, so the effect stays once. Bench code: Core needs no such path.
/// </summary>
public sealed class SingleTimerFirer(NpgsqlDataSource source, WorkflowRuntime runtime, string hostId)
{
    private const string LockSql = """
        select t.id, t.case_id, t.key, t.due_at
        from capacity_exit.workflow_timers t
        join capacity_exit.workflow_instances i on i.case_id = t.case_id
        where t.id = @id and t.status = 'Pending'
        for update of t, i
        """;

    /// <summary>The firer the schedulers' jobs call (their jobs are built by the schedulers, not by us).</summary>
    public static SingleTimerFirer? Current { get; set; }

    public async Task FireAsync(long timerId, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        (long Id, long CaseId, string Key, DateTimeOffset DueAt)? timer = null;
        await using (var claim = new NpgsqlCommand(LockSql, connection, transaction))
        {
            claim.Parameters.AddWithValue("id", timerId);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                timer = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
            }
        }

        if (timer is not { } t)
        {
            return; // fired already: nothing to do
        }

        var instances = await WorkflowStore.LoadAsync(connection, transaction, [t.CaseId], lockRows: false, cancellationToken);
        var writer = new TransitionWriter(now, hostId);
        writer.MarkFired(t.Id);
        if (instances.TryGetValue(t.CaseId, out var instance) && !instance.Finished)
        {
            var result = runtime.Apply(instance, new TimerFired(t.Key, t.DueAt), now, out var finished, out var caseStatus);
            if (result is not null)
            {
                writer.Add(t.CaseId, runtime.NoteLateness(result, now - t.DueAt), finished, caseStatus, "system:timer", now - t.DueAt);
            }
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            writer.Flush(batch);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The ids of the pending timers, in due order: one job or trigger each.</summary>
    public static async Task<List<long>> PendingIdsAsync(string cs)
    {
        var ids = new List<long>();
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id from capacity_exit.workflow_timers where status = 'Pending' order by due_at, id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
