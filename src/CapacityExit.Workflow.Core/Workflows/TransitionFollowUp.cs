using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Workflows;
using Npgsql;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>
/// A case a batch of transitions moved: its state before the batch's first transition (<see cref="Started"/> when the
/// batch started it) and after its last.
/// </summary>
public sealed record CaseMoved(long CaseId, WorkflowInstanceState? Before, WorkflowInstanceState After, bool Finished, CaseStatus? Status)
{
    public bool Started => Before is null;
}

/// <summary>
/// What a transition sends besides its own effects and must commit with it (the settled rule: a transition and all it
/// schedules or sends commit in one transaction): a price notice when a case enters a failing state. Called by every
/// writer of transitions (a command, the dispatcher, a case's start) after the transition's rows are written and before
/// the commit. A follow-up must never fail the transition: whatever it cannot do it leaves for its own catch-up job.
/// </summary>
public interface ITransitionFollowUp
{
    Task AfterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CaseMoved> moved, CancellationToken cancellationToken);
}

public static class TransitionFollowUps
{
    public static async Task RunAsync(IEnumerable<ITransitionFollowUp>? followUps, NpgsqlConnection connection, NpgsqlTransaction transaction,
        TransitionWriter writer, CancellationToken cancellationToken)
    {
        if (followUps is null)
        {
            return;
        }

        var moved = writer.Moved;
        if (moved.Count == 0)
        {
            return;
        }

        foreach (var followUp in followUps)
        {
            await followUp.AfterAsync(connection, transaction, moved, cancellationToken);
        }
    }
}
