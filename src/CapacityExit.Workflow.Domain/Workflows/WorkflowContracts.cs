namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// A running case's workflow as persisted: the definition version it started on (instances keep it), the
/// current state, its variables (facts and recorded decisions, all text), and what is open.
/// </summary>
public sealed record WorkflowInstanceState(
    string DefinitionId,
    int Version,
    string State,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<OpenTimer> Timers,
    IReadOnlyList<OpenTask> Tasks);

/// <summary>
/// A pending timer. Key is unique within the instance: "rectifying/rectification-deadline",
/// "rectifying/rectification-deadline/reminder-7wd", "overdue/closure-approval/escalation",
/// "case/kiln-shutdown@2026-02-15" (a recurring timer's occurrence carries its date).
/// </summary>
/// <summary>
/// A timer to schedule. <paramref name="IsDeadline"/>: it ends a period the case must meet (a case's "next deadline"),
/// as opposed to a reminder of one, a task's escalation or a recurring day.
/// </summary>
public sealed record OpenTimer(string Key, string Kind, DateTimeOffset DueAt, string RecipientRole, string OwnerState, string? Payload = null, bool IsDeadline = false);

/// <summary>A human task, key "state/task-name"; its escalation timer is "state/task-name/escalation".</summary>
public sealed record OpenTask(string Key, string Kind, string AssigneeRole, DateTimeOffset DueAt, string OwnerState);

public sealed record Actor(string UserId, IReadOnlyCollection<string> Roles);

public abstract record WorkflowEvent;

public sealed record TimerFired(string TimerKey, DateTimeOffset DueAt) : WorkflowEvent;

/// <summary>
/// A person's action: "request-extension" {requestedLastDay or requestedPeriod, reason, documentRef}, "approve-extension" {newLastDay}, "reject-extension" {reason},
/// "complete-task" {task, outcome, ...}, "withdraw" {reason}, "reinspection-passed", ...
/// </summary>
public sealed record CommandIssued(string Name, Actor Actor, IReadOnlyDictionary<string, string> Data) : WorkflowEvent;

public sealed record HistoryEntry(
    DateTimeOffset At, string Actor, string What, string? Why, string? TimerKey, string? TaskKey, string FromState, string ToState);

/// <summary>Kind: reminder | deadline-passed | task-assigned | task-escalation | notice | recurring.</summary>
public sealed record OutgoingMessage(string Kind, string RecipientRole, string TemplateId, IReadOnlyDictionary<string, string> Data);

public sealed record TransitionResult(
    WorkflowInstanceState NewState,
    IReadOnlyList<OpenTimer> TimersScheduled,
    IReadOnlyList<string> TimersCancelled,
    IReadOnlyList<OpenTask> TasksOpened,
    IReadOnlyList<string> TasksClosed,
    IReadOnlyList<OutgoingMessage> Messages,
    IReadOnlyList<HistoryEntry> History)
{
    /// <summary>
    /// Nothing happened: a timer already cancelled, or an event for a finished case. The dispatcher may race
    /// with a cancel, so this is an ordinary answer, not an error.
    /// </summary>
    public bool IsNoOp => History.Count == 0 && TimersScheduled.Count == 0 && TimersCancelled.Count == 0 &&
        TasksOpened.Count == 0 && TasksClosed.Count == 0 && Messages.Count == 0;

    public static TransitionResult NoChange(WorkflowInstanceState state) => new(state, [], [], [], [], [], []);
}

/// <summary>What a case starts from: the standard failed, the finding date, and facts such as orderPeriod.</summary>
public sealed record CaseFacts(string Standard, DateOnly FindingDate, IReadOnlyDictionary<string, string> Variables);
