namespace CapacityExit.Workflow.Core.Data.Model;

// The rows a durable case workflow lives in. The engine (Domain.Workflows) decides; these only remember.

/// <summary>A case's workflow: the definition and version it started on (kept for its life), its state and variables.</summary>
public sealed class WorkflowInstance
{
    public long CaseId { get; set; }

    public required string DefinitionId { get; set; }

    public int Version { get; set; }

    public required string ProfileId { get; set; }

    public required string State { get; set; }

    /// <summary>The workflow's variables as a JSON object of strings.</summary>
    public required string Variables { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Revision { get; set; }

    /// <summary>
    /// The earliest pending deadline timer's due time (null: none), kept with every transition in the same statement
    /// (SQL function capacity_exit.next_deadline), so the case list sorts and filters on an index.
    /// </summary>
    public DateTimeOffset? NextDeadlineAt { get; set; }
}

public enum TimerStatus
{
    Pending,
    Fired,
    Cancelled,

    /// <summary>Its transition could not be computed (see the case history for why); reported by the nightly check.</summary>
    Failed,
}

/// <summary>
/// A timer: the single source of truth for "something happens at DueAt". The dispatcher claims due rows with
/// FOR UPDATE SKIP LOCKED and marks them fired in the transition's own transaction.
/// </summary>
public sealed class WorkflowTimer
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public required string Key { get; set; }

    public required string Kind { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public required string RecipientRole { get; set; }

    public required string OwnerState { get; set; }

    public string? Payload { get; set; }

    /// <summary>It ends a period the case must meet (not a reminder, an escalation or a recurring day).</summary>
    public bool IsDeadline { get; set; }

    public TimerStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FiredAt { get; set; }

    public string? FiredBy { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }
}

public enum WorkTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>A human task: inspection, a supervisor's decision, a closure approval. Overdue tasks escalate by timer.</summary>
public sealed class WorkflowTask
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public required string Key { get; set; }

    public required string Kind { get; set; }

    public required string AssigneeRole { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public required string OwnerState { get; set; }

    public WorkTaskStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    public string? Outcome { get; set; }
}

/// <summary>The append-only history of a case: who, what, when, why, and which timer or task.</summary>
public sealed class CaseHistoryEntry
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string What { get; set; }

    public string? Why { get; set; }

    public string? TimerKey { get; set; }

    public string? TaskKey { get; set; }

    public required string FromState { get; set; }

    public required string ToState { get; set; }

    public int DefinitionVersion { get; set; }

    /// <summary>For a timer that fired after its due time (downtime, backlog): how late.</summary>
    public TimeSpan? LateBy { get; set; }
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>A message to send, written in the transition's transaction; a sender delivers it later.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public long? CaseId { get; set; }

    public required string Kind { get; set; }

    public required string RecipientRole { get; set; }

    public required string TemplateId { get; set; }

    /// <summary>The template's data as a JSON object of strings.</summary>
    public required string Data { get; set; }

    /// <summary>Stable RFC 5322 Message-ID, so a resend after a crash can be recognised.</summary>
    public required string MessageId { get; set; }

    public OutboxStatus Status { get; set; }

    public int Tries { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastReply { get; set; }
}
