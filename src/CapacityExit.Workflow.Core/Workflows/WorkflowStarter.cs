using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Npgsql;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>
/// Starts a just-saved case's workflow on the latest version of its standard's definition, inside the caller's
/// transaction (the one that saved the case): the case, its instance, first timers, tasks and history commit
/// together or not at all.
/// </summary>
public sealed class WorkflowStarter(WorkflowRuntime runtime, TimeProvider time, IEnumerable<ITransitionFollowUp>? followUps = null)
{
    public async Task StartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Case opened, string profileId,
        IReadOnlyDictionary<string, string> variables, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var facts = new CaseFacts(opened.Standard.Id(), opened.FindingDate, variables);
        var result = runtime.Start(opened.Standard.Id(), profileId, facts, now, out var finished, out var status);
        var writer = new TransitionWriter(now, actor);
        writer.AddStart(opened.Id, profileId, result, finished, status, actor);
        await using var batch = new NpgsqlBatch(connection, transaction);
        writer.Flush(batch);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await TransitionFollowUps.RunAsync(followUps, connection, transaction, writer, cancellationToken);
    }
}
