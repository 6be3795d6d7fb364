namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// One thing a person may do on a case now: a command of the current step (or of any open step), or an outcome of
/// one of its open tasks. <see cref="TaskKey"/> is set for a task outcome; <see cref="Requires"/> names the fields
/// the definition asks for.
/// </summary>
public sealed record AvailableAction(string Event, string Title, IReadOnlyList<string> Requires, string? TaskKey, string? TaskTitle, ExtensionRule? Extension)
{
    /// <summary>The fields' titles as the definition gives them (e.g. reason: 申请理由).</summary>
    public IReadOnlyDictionary<string, string> FieldTitles { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The actions the engine would accept from <paramref name="actor"/> in this state, judged by the same rules the
/// engine applies (who may, nobody decides their own request, once only, an extension before the deadline), so a
/// page shows only what would succeed — and the engine still decides when the command comes.
/// </summary>
public static class AvailableActions
{
    public static IReadOnlyList<AvailableAction> For(WorkflowDefinition definition, JurisdictionProfile profile, WorkflowInstanceState state,
        Actor actor, DateTimeOffset now, Deadlines.HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(actor);
        if (!definition.States.TryGetValue(state.State, out var current) || current.IsFinal)
        {
            return [];
        }

        var step = new Step(definition, profile, calendar, state, now);
        var result = new List<AvailableAction>();
        foreach (var t in current.On.Concat(definition.FromAnyOpenState))
        {
            if (Allowed(step, current, t, actor))
            {
                result.Add(new AvailableAction(t.Event, t.Title, t.Requires, null, null, t.Extension) { FieldTitles = t.FieldTitles });
            }
        }

        foreach (var task in step.Tasks.Where(t => t.OwnerState == current.Name))
        {
            var spec = current.Tasks.FirstOrDefault(s => s.Name == task.Kind);
            if (spec is null)
            {
                continue;
            }

            foreach (var outcome in spec.Outcomes)
            {
                var effective = outcome.By.Count > 0 ? outcome : outcome with { By = [spec.Assignee] };
                if (Allowed(step, current, effective, actor))
                {
                    result.Add(new AvailableAction(outcome.Event, outcome.Title, outcome.Requires, task.Key, spec.Title, outcome.Extension) { FieldTitles = outcome.FieldTitles });
                }
            }
        }

        return result;
    }

    private static bool Allowed(Step step, StateDefinition current, TransitionDefinition t, Actor actor)
    {
        var allowed = t.By.SelectMany(step.Resolver.Roles).ToHashSet(StringComparer.Ordinal);
        if (!actor.Roles.Any(allowed.Contains))
        {
            return false;
        }

        if (t.NotBy is { } notBy && step.Variables.GetValueOrDefault(notBy) == actor.UserId)
        {
            return false;
        }

        if (t.Once && step.Variables.ContainsKey(Guards.OnceVariable(t)))
        {
            return false;
        }

        if (t.ExtendsDeadline is { } deadline)
        {
            var timer = step.Timers.FirstOrDefault(x => x.Key == $"{current.Name}/{deadline}");
            if (timer is null || step.Now >= timer.DueAt)
            {
                return false;
            }
        }

        return true;
    }
}
