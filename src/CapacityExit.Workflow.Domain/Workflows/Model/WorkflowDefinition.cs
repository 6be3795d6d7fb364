namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>Where something is written: file and 1-based line and column, for error messages.</summary>
public sealed record Spot(string File, int Line, int Column)
{
    public DefinitionError Error(string message) => new(File, Line, Column, message);
}

/// <summary>How a case ends. Every path of every definition ends in one of these three.</summary>
public enum CaseOutcome
{
    Compliant,
    Exited,
    Withdrawn,
}

/// <summary>红黄牌 (001 §五.(四), 002 §四.(二), 003 §三.(四)): yellow = must rectify by a deadline; red = closed by law.</summary>
public enum Card
{
    None,
    Yellow,
    Red,
}

/// <summary>
/// One workflow file, e.g. workflows/definitions/energy.v1.yaml. A running case keeps the version it
/// started on; a new version is a new file.
/// </summary>
public sealed record WorkflowDefinition(
    string Id,
    int Version,
    string Title,
    string File,
    string Initial,
    IReadOnlyList<string> Sources,
    IReadOnlyList<VariableDefinition> Variables,
    IReadOnlyDictionary<string, StateDefinition> States,
    IReadOnlyList<TransitionDefinition> FromAnyOpenState,
    IReadOnlyList<TimerDefinition> CaseTimers)
{
    /// <summary>Owner of timers that run for the whole open life of a case (e.g. the monthly kiln shutdown).</summary>
    public const string CaseOwner = "case";

    /// <summary>
    /// Earlier versions whose running cases move to this one at start-up, each state to the state of the same name
    /// (a compatible change: this version has every state they have). Their history keeps a line saying so.
    /// </summary>
    public IReadOnlyList<int> MigratesFrom { get; init; } = [];

    public StateDefinition State(string name) => States.TryGetValue(name, out var state)
        ? state
        : throw new KeyNotFoundException($"Definition {Id} v{Version} has no state '{name}'.");
}

public enum VariableType
{
    Text,
    Period,
    Date,
    DayOfMonth,
}

/// <summary>A fact given when the case starts, e.g. the period an environmental order sets (orderPeriod).</summary>
public sealed record VariableDefinition(string Name, VariableType Type, bool Required, string Title, Spot At);

public sealed record StateDefinition(
    string Name,
    string Title,
    CaseOutcome? Final,
    Card Card,
    IReadOnlyList<string> PublicLists,
    IReadOnlyList<TimerDefinition> Timers,
    IReadOnlyList<TaskDefinition> Tasks,
    IReadOnlyList<TransitionDefinition> On,
    IReadOnlyList<RoleRef> NotifyOnEntry,
    string? Within,
    Spot At)
{
    public bool IsFinal => Final is not null;

    /// <summary>
    /// Duties a case opens when it enters this state, beside its own flow and outliving it (<see cref="StateDuties"/>),
    /// e.g. the report for the production permit's cancellation after a closure (001 §四.(七)).
    /// </summary>
    public IReadOnlyList<string> Duties { get; init; } = [];

    /// <summary>
    /// The states whose timers and tasks are in force while the case is in this one: itself, and the state it is
    /// a step within ('within:'), e.g. the extension review within the rectification, whose deadline runs on.
    /// </summary>
    public IReadOnlyList<string> InForce => Within is null ? [Name] : [Name, Within];
}

/// <summary>
/// A role as a definition names it: "profile:extension-approver" (the jurisdiction profile says who) or a
/// role id used as is ("enterprise", "leading-group-office").
/// </summary>
public sealed record RoleRef(string Text, Spot At)
{
    public string? ProfileKey => Text.StartsWith("profile:", StringComparison.Ordinal) ? Text["profile:".Length..] : null;

    public override string ToString() => Text;
}

/// <summary>A period as a definition names it: "P6M", "profile:energy-rectification" or "var:orderPeriod".</summary>
public sealed record ValueRef(string Text, Spot At)
{
    public string? ProfileKey => Text.StartsWith("profile:", StringComparison.Ordinal) ? Text["profile:".Length..] : null;

    public string? Variable => Text.StartsWith("var:", StringComparison.Ordinal) ? Text["var:".Length..] : null;

    public override string ToString() => Text;
}

/// <summary>When a timer is due.</summary>
public abstract record DueRule;

/// <summary>A legal period counted from the finding date, from entering the state, or from a date variable.</summary>
public sealed record PeriodDue(ValueRef Period, string From, bool Roll) : DueRule
{
    public const string FindingDate = "finding-date";
    public const string Entered = "entered";
}

/// <summary>A named last day held in a variable (an approved newLastDay, an order's demolition date).</summary>
public sealed record DateDue(string Variable, bool Roll) : DueRule;

/// <summary>A fixed day every month, or fixed dates every year, at a time of day in Asia/Shanghai.</summary>
public sealed record RecurringDue(ValueRef? MonthlyDay, IReadOnlyList<(int Month, int Day)> YearlyDates, TimeOnly At) : DueRule;

public sealed record TimerDefinition(
    string Name,
    string Title,
    DueRule Due,
    RoleRef Recipient,
    bool Reminders,
    string? RecordAs,
    string? Then,
    bool ExitDeadline,
    string? IfSet,
    Spot At,
    Spot ThenAt);

public sealed record TaskDefinition(
    string Name,
    string Title,
    RoleRef Assignee,
    ValueRef Due,
    RoleRef EscalateTo,
    bool ExitDeadline,
    IReadOnlyList<TransitionDefinition> Outcomes,
    string? DueBefore,
    Spot At);

/// <summary>
/// An event (a command, or a task outcome) and where it leads, with the rules it must pass.
/// For a task outcome, Event is the outcome name.
/// </summary>
public sealed record TransitionDefinition(
    string Event,
    string Title,
    string? To,
    IReadOnlyList<RoleRef> By,
    IReadOnlyList<string> Requires,
    IReadOnlyDictionary<string, string> FieldTitles,
    string? ExtendsDeadline,
    bool Once,
    string? NotBy,
    ExtensionRule? Extension,
    IReadOnlyDictionary<string, string> Record,
    IReadOnlyList<RoleRef> Notify,
    Spot At,
    Spot ToAt);

/// <summary>
/// An extension's new last day (Field) must be later than the original last day (variable Of) and no later
/// than that day plus AtMost, counted as a legal period from it (000 §三.5: 不超过3个月). With OrPeriod the
/// command may give a period instead (P2M), counted from the original last day; one of the two is needed, and
/// the engine writes the last day it comes to into Field.
/// </summary>
public sealed record ExtensionRule(string Field, string? OrPeriod, string Of, ValueRef AtMost, Spot At);

/// <summary>The duties a state may open (<see cref="StateDefinition.Duties"/>).</summary>
public static class StateDuties
{
    /// <summary>
    /// 对因工艺装备落后、环保和能耗不达标被依法关停的企业，报请省工业产品生产许可证主管部门注销生产许可证（各级质监部门负责）
    /// (001 §四.(七); 002 严格执法监管; 003 §二.(三).1): the market-regulation bureau reports the closed enterprise to the
    /// provincial permit authority.
    /// </summary>
    public const string PermitCancellation = "permit-cancellation";

    public static readonly IReadOnlyList<string> Known = [PermitCancellation];
}
