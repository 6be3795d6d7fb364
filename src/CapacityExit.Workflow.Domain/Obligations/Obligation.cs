using CapacityExit.Workflow.Domain.Escalation;

namespace CapacityExit.Workflow.Domain.Obligations;

/// <summary>The kinds of duty a person owes by a legal last day.</summary>
public enum ObligationKind
{
    CaseTask,         // a step of a case's workflow assigned to a role (re-inspection, extension review, closure approval, …)
    PublicReport,     // a 举报 to verify (001 §五.(三): 对群众举报的落后产能要及时核实)
    ProgrammeTask,    // a kiln stop not confirmed, a coal month not reported or in breach, a re-check after exit (000 §二, 003)
    Report,           // a half-year or annual report a county or bureau owes (000 §四.1, 002, 003 §四)
    AnnualTarget,     // a region's annual exit target (001 §五.(五): 未完成年度落后产能退出目标任务的地区和部门)
}

/// <summary>
/// A duty someone owes by a legal last day: what is owed (its kind and title), what it is about (an enterprise, a
/// report's year), the county it lies in, the last day (ending at 24:00 Beijing time, 民法典第二百零三条), the seed clause
/// it comes from where one is recorded, how far the ladder has climbed on it, and where the form that discharges it is.
/// </summary>
public sealed record Obligation(
    ObligationKind Kind,
    string Title,
    string About,
    string? County,
    DateOnly LastDay,
    Rung Reached,
    string Link,
    string? Source)
{
    /// <summary>Whole days from today to the last day: 0 on the last day itself, negative once it has passed.</summary>
    public int DaysLeft(DateOnly today) => LastDay.DayNumber - today.DayNumber;

    public bool IsOverdue(DateOnly today) => today > LastDay;

    /// <summary>The due windows 我的待办 offers, in days.</summary>
    public static IReadOnlyList<int> DueWindows { get; } = [7, 30, 90];

    /// <summary>
    /// Whether the duty passes 我的待办's filters: only overdue ones, only one kind, only those whose last day is at most
    /// <paramref name="within"/> days away (overdue ones included).
    /// </summary>
    public bool Matches(DateOnly today, bool overdueOnly, ObligationKind? kind, int? within) =>
        (!overdueOnly || IsOverdue(today)) && (kind is null || Kind == kind) && (within is null || DaysLeft(today) <= within);

    /// <summary>The kind as its reader names it.</summary>
    public static (string Zh, string En) KindTitle(ObligationKind kind) => kind switch
    {
        ObligationKind.CaseTask => ("案件办理", "Case step"),
        ObligationKind.PublicReport => ("举报核实", "Public report to verify"),
        ObligationKind.ProgrammeTask => ("专项工作", "Programme task"),
        ObligationKind.Report => ("材料报送", "Report to file"),
        ObligationKind.AnnualTarget => ("年度目标", "Annual exit target"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The rung reached as its reader names it; empty where nothing has been sent past the last day.</summary>
    public static (string Zh, string En) RungTitle(Rung rung) => rung switch
    {
        Rung.Reminder => ("已提醒", "reminded"),
        Rung.CirculatedNotice => ("已通报", "circulated notice issued"),
        Rung.InterviewSummons => ("已约谈", "interview summons issued"),
        _ => ("", ""),
    };
}
