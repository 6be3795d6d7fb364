using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// The workflow runtime as pure functions: (definition, profile, state, event, now) → new state, timers,
/// tasks, messages, history. No clock and no I/O: <c>now</c> is always given; the holiday calendar is the only
/// other input, for the deadlines (民法典第二百零一条至第二百零三条).
/// </summary>
public sealed class WorkflowEngine(HolidayCalendar calendar)
{
    public const string SystemActor = "system";

    /// <summary>The engine itself or one of the system's jobs ("system:price-measures", "system:calendar"): shown as 系统.</summary>
    public static bool IsSystemActor(string actor) => actor == SystemActor || actor.StartsWith(SystemActor + ":", StringComparison.Ordinal);

    private readonly HolidayCalendar _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));

    public TransitionResult Start(WorkflowDefinition definition, JurisdictionProfile profile, CaseFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(facts);
        if (!string.Equals(facts.Standard, definition.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A {facts.Standard} case cannot run on definition '{definition.Id}'.", nameof(facts));
        }

        var variables = new Dictionary<string, string>(facts.Variables, StringComparer.Ordinal)
        {
            ["findingDate"] = Resolver.Format(facts.FindingDate),
            ["profile"] = profile.Id,
        };
        CaseVariables.Check(definition, variables);
        var empty = new WorkflowInstanceState(definition.Id, definition.Version, "", variables, [], []);
        var step = new Step(definition, profile, _calendar, empty, now);
        step.Record(new HistoryEntry(now, SystemActor, "started", null, null, null, "", definition.Initial));
        foreach (var timer in definition.CaseTimers)
        {
            step.Schedule(timer, WorkflowDefinition.CaseOwner);
        }

        step.MoveTo(definition.Initial);
        return step.Build(empty);
    }

    public TransitionResult Apply(WorkflowDefinition definition, JurisdictionProfile profile, WorkflowInstanceState state, WorkflowEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(state);
        if (definition.Id != state.DefinitionId || definition.Version != state.Version)
        {
            throw new ArgumentException(
                $"The instance runs on {state.DefinitionId} v{state.Version}, not {definition.Id} v{definition.Version}; instances keep their version.",
                nameof(definition));
        }

        if (definition.State(state.State).IsFinal)
        {
            return TransitionResult.NoChange(state); // a stale event for a finished case
        }

        var step = new Step(definition, profile, _calendar, state, now);
        return e switch
        {
            TimerFired fired => Fire(definition, step, state, fired),
            CommandIssued command => Commands.Apply(definition, step, state, command),
            _ => throw new ArgumentException($"Unknown event {e.GetType().Name}.", nameof(e)),
        };
    }

    private static TransitionResult Fire(WorkflowDefinition definition, Step step, WorkflowInstanceState state, TimerFired fired)
    {
        var timer = state.Timers.FirstOrDefault(t => t.Key == fired.TimerKey);
        if (timer is null)
        {
            return TransitionResult.NoChange(state); // cancelled meanwhile: the dispatcher raced a transition
        }

        step.RemoveFired(timer);
        var data = new Dictionary<string, string> { ["timer"] = timer.Key, ["dueAt"] = timer.DueAt.ToString("O") };
        if (timer.Payload is { } payload)
        {
            data["detail"] = payload;
        }

        var from = state.State;
        HistoryEntry Entry(string what, string to, string? task = null) => new(step.Now, SystemActor, what, null, timer.Key, task, from, to);
        switch (timer.Kind)
        {
            case "reminder":
                step.Send("reminder", timer.RecipientRole, $"{definition.Id}/reminder", data);
                step.Record(Entry($"reminder {timer.Key}", from));
                return step.Build(state);
            case "task-escalation":
                MarkExitDeadline(definition, step, timer.OwnerState, taskKey: timer.Payload);
                step.Send("task-escalation", timer.RecipientRole, $"{definition.Id}/task-escalation", data);
                step.Record(Entry($"task overdue, escalated: {timer.Payload}", from, timer.Payload));
                return step.Build(state);
        }

        var owner = timer.OwnerState == WorkflowDefinition.CaseOwner ? null : definition.States.GetValueOrDefault(timer.OwnerState);
        var spec = (owner?.Timers ?? definition.CaseTimers).FirstOrDefault(t => t.Name == timer.Kind);
        if (spec is null)
        {
            // Possible after a version migration renamed a timer: tell the recipient, change nothing.
            step.Send("deadline-passed", timer.RecipientRole, $"{definition.Id}/{timer.Kind}", data);
            step.Record(Entry($"timer {timer.Key} fired; version {definition.Version} has no such timer", from));
            return step.Build(state);
        }

        if (spec.Due is RecurringDue recurring)
        {
            // The next occurrence is a new timer: the fired one is done, whatever the dispatcher's lateness.
            step.Send("recurring", timer.RecipientRole, $"{definition.Id}/{spec.Name}", data);
            step.Record(Entry($"{spec.Name} {timer.Key}", from));
            step.Schedule(spec, timer.OwnerState, after: timer.DueAt);
            return step.Build(state);
        }

        if (spec.ExitDeadline)
        {
            step.Variables.TryAdd(CaseStanding.ExitDeadlineMissedVariable, timer.Payload ?? Resolver.Format(step.Today));
        }

        step.Send("deadline-passed", timer.RecipientRole, $"{definition.Id}/{spec.Name}", data);
        var to = spec.Then ?? from;
        step.Record(Entry($"timer {spec.Name}", to) with { Why = Undecided(definition, from, owner, spec, to) });
        if (spec.Then is not null)
        {
            step.MoveTo(spec.Then);
        }

        return step.Build(state);
    }

    /// <summary>
    /// A deadline of the outer state that runs out while a step within it is still open (an extension request
    /// not yet decided when the original last day passes): the case moves on as it would have, and the history
    /// says what was still pending (000 §三.5: the original period stands until an extension is approved).
    /// </summary>
    private static string? Undecided(WorkflowDefinition definition, string from, StateDefinition? owner, TimerDefinition spec, string to) =>
        owner is null || owner.Name == from
            ? null
            : $"“{definition.State(from).Title}”尚未办结，“{spec.Title}”：按原期限转入“{definition.State(to).Title}”";

    private static void MarkExitDeadline(WorkflowDefinition definition, Step step, string ownerState, string? taskKey)
    {
        var task = definition.States.GetValueOrDefault(ownerState)?.Tasks.FirstOrDefault(t => $"{ownerState}/{t.Name}" == taskKey);
        if (task is { ExitDeadline: true })
        {
            // 对未按期完成产能退出的企业 … 联合惩戒 (000 §三.2, 001 §四.(八), 003 §四.(二)).
            step.Variables.TryAdd(CaseStanding.ExitDeadlineMissedVariable, Resolver.Format(step.Today));
        }
    }
}
