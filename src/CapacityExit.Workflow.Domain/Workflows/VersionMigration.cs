namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>The moved instance and the history line that says so.</summary>
public sealed record MigrationResult(WorkflowInstanceState NewState, HistoryEntry History);

/// <summary>
/// Moves a running case to a newer version of its definition. Cases keep their version unless an
/// administrator moves them: each state of the old version maps to a state of the new one (unmapped states
/// keep their name, which must exist in the target). Open timers and tasks keep their keys and due times
/// (a deadline already computed and notified does not change by a software update); their owner state is
/// mapped, so leaving the new state cancels them.
/// </summary>
public static class VersionMigration
{
    public static MigrationResult Apply(WorkflowInstanceState state, WorkflowDefinition target, IReadOnlyDictionary<string, string> stateMapping,
        DateTimeOffset now, string actor = WorkflowEngine.SystemActor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(stateMapping);
        if (state.DefinitionId != target.Id)
        {
            throw new WorkflowRuleException("migration-wrong-definition", $"不能把“{state.DefinitionId}”案件迁移到“{target.Id}”流程",
                $"A {state.DefinitionId} instance cannot move to definition '{target.Id}'.");
        }

        foreach (var (from, to) in stateMapping)
        {
            if (!target.States.ContainsKey(to))
            {
                throw new WorkflowRuleException("migration-unknown-state", $"目标版本没有状态“{to}”",
                    $"The mapping sends '{from}' to '{to}', which {target.Id} v{target.Version} does not have.");
            }
        }

        string Map(string s) => s == WorkflowDefinition.CaseOwner ? s : stateMapping.GetValueOrDefault(s, s);
        var newState = Map(state.State);
        if (!target.States.ContainsKey(newState))
        {
            throw new WorkflowRuleException("migration-unknown-state", $"目标版本没有状态“{newState}”，请在映射中指明",
                $"{target.Id} v{target.Version} has no state '{newState}'; map it.");
        }

        var moved = state with
        {
            Version = target.Version,
            State = newState,
            Timers = state.Timers.Select(t => t with { OwnerState = Map(t.OwnerState) }).ToList(),
            Tasks = state.Tasks.Select(t => t with { OwnerState = Map(t.OwnerState) }).ToList(),
        };
        var entry = new HistoryEntry(now, actor, $"migrated v{state.Version} → v{target.Version}", null, null, null, state.State, newState);
        return new MigrationResult(moved, entry);
    }
}
