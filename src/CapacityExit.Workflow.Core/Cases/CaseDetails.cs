using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>
/// Everything a reader of one case sees: the registry's facts, where the workflow stands and by which definition,
/// the running deadline explained, the variables by their titles, the standing that follows from the state, the
/// timers, tasks and history. A read model: <see cref="CaseDetailsService"/> checks no access; the caller does.
/// </summary>
public sealed record CaseDetails(
    long CaseId,
    string EnterpriseName,
    string CreditCode,
    string CountyName,
    CapacityFacts Capacity,
    string StandardZh,
    string ResponsibleBureau,
    DateOnly FindingDate,
    string LegalBasis,
    string CaseStatus,
    string? DefinitionId,
    int? DefinitionVersion,
    string? ProfileId,
    string? StateKey,
    string? StateTitleZh,
    string? StateTitleEn,
    bool Finished,
    CurrentDeadline? Deadline,
    IReadOnlyList<VariableLine> Variables,
    CaseStanding? Standing,
    IReadOnlyList<TimerLine> Timers,
    IReadOnlyList<TaskLine> Tasks,
    IReadOnlyList<HistoryLine> History);

/// <summary>The production line or main equipment, its industry and capacity.</summary>
public sealed record CapacityFacts(string Line, string IndustryZh, decimal Amount, string Unit);

/// <summary>
/// The deadline the case's current step runs to: its last day, how it was computed (lines in Chinese and English),
/// and whether a year in it is counted provisionally (its holiday arrangement not yet entered).
/// </summary>
public sealed record CurrentDeadline(string Title, DateOnly LastDay, DateTimeOffset EndsAt, IReadOnlyList<string> ExplanationZh,
    IReadOnlyList<string> ExplanationEn, bool Provisional);

/// <summary>A variable as the definition names it: its title, its value, and its key for programs.</summary>
public sealed record VariableLine(string Key, string Title, string Value);

public sealed record TimerLine(string Key, string Kind, string Title, DateTimeOffset DueAt, string RecipientRole, string RecipientTitle, string Status,
    bool Open);

public sealed record TaskLine(string Key, string Kind, string Title, string AssigneeRole, string AssigneeTitle, DateTimeOffset DueAt, string Status,
    string? Outcome);

/// <summary>One line of the case history: when, who (their name), from which step to which (titles), what and why.</summary>
public sealed record HistoryLine(DateTimeOffset At, string Actor, string ActorDisplay, string FromState, string FromTitle, string ToState, string ToTitle,
    string What, string? Why);
