using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Npgsql;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>The start transition of a case's workflow, computed before anything is written (the runtime is pure).</summary>
public sealed record PreparedStart(string ProfileId, TransitionResult Result, bool Finished, CaseStatus? Status);

/// <summary>
/// Starts a just-saved case's workflow on the latest version of its standard's definition, inside the caller's
/// transaction (the one that saved the case): the case, its instance, first timers, tasks and history commit
/// together or not at all. Many cases (a census) start the same way, their rows written together.
/// </summary>
public sealed class WorkflowStarter(WorkflowRuntime runtime, TimeProvider time, IEnumerable<ITransitionFollowUp>? followUps = null)
{
    /// <summary>The start transition; a refusal (say, an environmental order without its period) is a <see cref="WorkflowRuleException"/>.</summary>
    public PreparedStart Prepare(Standard standard, DateOnly findingDate, string profileId, IReadOnlyDictionary<string, string> variables, DateTimeOffset now)
    {
        var result = runtime.Start(standard.Id(), profileId, new CaseFacts(standard.Id(), findingDate, variables), now, out var finished, out var status);
        return new PreparedStart(profileId, result, finished, status);
    }

    public async Task StartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Case opened, string profileId,
        IReadOnlyDictionary<string, string> variables, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await StartManyAsync(connection, transaction, [(opened.Id, Prepare(opened.Standard, opened.FindingDate, profileId, variables, now))], now, actor, cancellationToken);
    }

    /// <summary>Writes the prepared starts of saved cases as one batch of set-based statements, then the follow-ups.</summary>
    public async Task StartManyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(long CaseId, PreparedStart Start)> starts,
        DateTimeOffset now, string actor, CancellationToken cancellationToken)
    {
        var writer = new TransitionWriter(now, actor);
        foreach (var (caseId, start) in starts)
        {
            writer.AddStart(caseId, start.ProfileId, start.Result, start.Finished, start.Status, actor);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        writer.Flush(batch);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await TransitionFollowUps.RunAsync(followUps, connection, transaction, writer, cancellationToken);
    }
}
