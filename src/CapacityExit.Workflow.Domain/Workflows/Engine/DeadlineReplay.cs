using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>A pending timer or an open task whose due time comes out differently when counted again.</summary>
public sealed record RescheduledItem(string Key, string Kind, bool IsTask, DateTimeOffset OldDueAt, DateTimeOffset NewDueAt, string? NewPayload, DeadlineResult? Deadline)
{
    /// <summary>A deadline or a task a person answers for (not the reminders and escalations that follow one).</summary>
    public bool IsDeadline => IsTask || Kind is not ("reminder" or "task-escalation");
}

/// <summary>What counting a running instance's dates again changed: the items moved and the variables as they now read.</summary>
public sealed record ReplayedInstance(IReadOnlyList<RescheduledItem> Moved, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> ChangedVariables);

/// <summary>
/// Counts a running instance's pending deadlines, reminders, tasks and task escalations again on another calendar —
/// the year's holiday arrangement once the State Council has published it — with the engine's own scheduling (the
/// same <see cref="Step"/> that scheduled them, 民法典第二百零一条至第二百零三条), as of the moment each was scheduled
/// (<paramref name="scheduledAt"/>: when its row was written, so "from entering the state" counts from the same day).
/// Pure: the caller writes what moved. Recurring timers (the monthly kiln shutdown) do not depend on holidays and stay.
/// </summary>
public static class DeadlineReplay
{
    public static ReplayedInstance Replay(WorkflowDefinition definition, JurisdictionProfile profile, WorkflowInstanceState state, HolidayCalendar calendar,
        Func<string, DateTimeOffset?> scheduledAt)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        var variables = new Dictionary<string, string>(state.Variables, StringComparer.Ordinal);
        var changed = new List<string>();
        var moved = new List<RescheduledItem>();
        var timers = state.Timers.ToDictionary(t => t.Key);
        var tasks = state.Tasks.ToDictionary(t => t.Key);
        var owners = new List<(string Owner, IReadOnlyList<TimerDefinition> Timers, IReadOnlyList<TaskDefinition> Tasks)>
        {
            (WorkflowDefinition.CaseOwner, definition.CaseTimers, []),
        };
        if (!definition.State(state.State).IsFinal)
        {
            // The outer state first: a step within it may count from what the outer one records (as Step.MoveTo does).
            owners.AddRange(definition.State(state.State).InForce.Reverse().Select(definition.State).Select(s => (s.Name, s.Timers, s.Tasks)));
        }

        foreach (var (owner, timerSpecs, taskSpecs) in owners)
        {
            foreach (var spec in timerSpecs.Where(t => t.Due is not RecurringDue))
            {
                var key = $"{owner}/{spec.Name}";
                if (!timers.ContainsKey(key) || scheduledAt(key) is not { } at)
                {
                    continue;
                }

                // Every reminder still pending is placed again, even where its new time has passed: the dispatcher then fires it at once.
                var step = new Step(definition, profile, calendar, state with { Variables = variables }, at) { RemindersFrom = DateTimeOffset.MinValue };
                step.Schedule(spec, owner);
                foreach (var again in step.Build(state).TimersScheduled)
                {
                    if (timers.TryGetValue(again.Key, out var was) && (was.DueAt != again.DueAt || was.Payload != again.Payload))
                    {
                        moved.Add(new RescheduledItem(again.Key, again.Kind, false, was.DueAt, again.DueAt, again.Payload,
                            again.Key == key ? step.LastComputed : null));
                    }
                }

                foreach (var (name, value) in step.Variables.Where(v => variables.GetValueOrDefault(v.Key) != v.Value).ToList())
                {
                    variables[name] = value;
                    changed.Add(name);
                }
            }

            foreach (var spec in taskSpecs)
            {
                var key = $"{owner}/{spec.Name}";
                if (!tasks.TryGetValue(key, out var task) || scheduledAt(key) is not { } at)
                {
                    continue;
                }

                var due = new Step(definition, profile, calendar, state with { Variables = variables }, at).TaskDeadline(spec);
                if (due.EndsAt != task.DueAt)
                {
                    moved.Add(new RescheduledItem(key, spec.Name, true, task.DueAt, due.EndsAt, null, due));
                    if (timers.TryGetValue($"{key}/escalation", out var escalation) && escalation.DueAt != due.EndsAt)
                    {
                        moved.Add(new RescheduledItem(escalation.Key, escalation.Kind, false, escalation.DueAt, due.EndsAt, escalation.Payload, null));
                    }
                }
            }
        }

        return new ReplayedInstance(moved, variables, changed.Distinct().ToList());
    }
}
