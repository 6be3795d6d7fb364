using CapacityExit.Workflow.Core.Data.Model;

namespace CapacityExit.Workflow.Core.Agenda;

/// <summary>What an item on the calendar is. Kiln days and re-checks come from the industry programmes (issue 18's other part).</summary>
public enum AgendaKind
{
    Deadline,
    Task,
    Report,
    KilnDay,
    Recheck,
}

/// <summary>
/// One dated thing someone must do or watch: a case's legal deadline, an open task, a report owed. <see cref="Uid"/> is
/// stable for the item's life (a feed's event keeps it when the day moves); <see cref="Link"/> is the page it opens
/// (relative: "/cases/12"); bureau and county say whose it is, for the filters.
/// </summary>
public sealed record AgendaItem(
    string Uid, AgendaKind Kind, DateOnly Day, string TitleZh, string TitleEn, string? Subject, string Link,
    int? BureauId, string? BureauName, int? CountyId, string? CountyName, bool Provisional = false)
{
    public string KindZh => Kind switch
    {
        AgendaKind.Deadline => "期限",
        AgendaKind.Task => "待办",
        AgendaKind.Report => "报送",
        AgendaKind.KilnDay => "错峰停产",
        _ => "回头看",
    };

    public string KindEn => Kind switch
    {
        AgendaKind.Deadline => "Deadline",
        AgendaKind.Task => "Task",
        AgendaKind.Report => "Report",
        AgendaKind.KilnDay => "Kiln shutdown",
        _ => "Re-check",
    };
}

/// <summary>Whose calendar and which days (inclusive): the person's read scope decides what a source may show.</summary>
public sealed record AgendaScope(Person Person, DateOnly From, DateOnly Until);

/// <summary>
/// A provider of dated items for the calendar. Each capability that has due days registers one
/// (<c>services.AddScoped&lt;IAgendaSource, MySource&gt;()</c>); the month view, the agenda and the iCalendar feed then
/// show its items with no other change. A source returns only what <see cref="AgendaScope.Person"/> may see, and only
/// days from <see cref="AgendaScope.From"/> to <see cref="AgendaScope.Until"/>.
/// </summary>
public interface IAgendaSource
{
    Task<IReadOnlyList<AgendaItem>> ItemsAsync(AgendaScope scope, CancellationToken cancellationToken);
}
