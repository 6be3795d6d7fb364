using System.Globalization;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Agenda;

/// <summary>
/// The legal deadlines of the cases a person may see: every pending deadline timer (not its reminders, not a task's
/// escalation, not a recurring timer), on its last day, marked provisional where the year's holidays are not in yet.
/// </summary>
public sealed class CaseDeadlineSource(CapacityExitDbContext db, WorkflowRuntime runtime) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaItem>> ItemsAsync(AgendaScope scope, CancellationToken cancellationToken)
    {
        var visible = await new CaseReadAccess(db).VisibleCasesAsync(scope.Person, cancellationToken);
        var (start, end) = (ChinaTime.StartOfDay(scope.From).ToUniversalTime(), ChinaTime.StartOfDay(scope.Until.AddDays(2)).ToUniversalTime());
        var rows = await (
            from t in db.WorkflowTimers
            join c in visible on t.CaseId equals c.Id
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where t.Status == TimerStatus.Pending && t.Kind != "reminder" && t.Kind != "task-escalation" && t.DueAt > start && t.DueAt <= end
            select new
            {
                t.CaseId, t.Key, t.Kind, t.DueAt, t.OwnerState, i.DefinitionId, i.Version, c.ResponsibleBureauId, Bureau = c.ResponsibleBureau!.NameZh,
                Enterprise = c.CapacityItem!.Enterprise!.Name, c.CapacityItem.Enterprise.CountyId, County = c.CapacityItem.Enterprise.County!.NameZh,
            })
            .ToListAsync(cancellationToken);
        var items = new List<AgendaItem>();
        foreach (var row in rows)
        {
            runtime.Catalog.TryGet(row.DefinitionId, row.Version, out var definition);
            var owner = definition?.States.GetValueOrDefault(row.OwnerState);
            var spec = (owner?.Timers ?? definition?.CaseTimers ?? []).FirstOrDefault(t => t.Name == row.Kind);
            if (spec?.Due is RecurringDue)
            {
                continue; // a monthly or yearly occurrence (the kiln shutdown) is a programme's item, not a deadline
            }

            var day = ChinaTime.LastDayEndingAt(row.DueAt);
            if (day < scope.From || day > scope.Until)
            {
                continue;
            }

            var title = spec?.Title ?? row.Kind;
            items.Add(new AgendaItem($"deadline-{row.CaseId}-{AgendaDays.Slug(row.Key)}", AgendaKind.Deadline, day, title, title, row.Enterprise,
                $"/cases/{row.CaseId}", row.ResponsibleBureauId, row.Bureau, row.CountyId, row.County, !runtime.Calendar.Covers(day.Year)));
        }

        return items;
    }
}

/// <summary>The open tasks of the cases a person may see, on the last day they are due.</summary>
public sealed class CaseTaskSource(CapacityExitDbContext db, WorkflowRuntime runtime) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaItem>> ItemsAsync(AgendaScope scope, CancellationToken cancellationToken)
    {
        var visible = await new CaseReadAccess(db).VisibleCasesAsync(scope.Person, cancellationToken);
        var (start, end) = (ChinaTime.StartOfDay(scope.From).ToUniversalTime(), ChinaTime.StartOfDay(scope.Until.AddDays(2)).ToUniversalTime());
        var rows = await (
            from k in db.WorkflowTasks
            join c in visible on k.CaseId equals c.Id
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where k.Status == WorkTaskStatus.Open && k.DueAt > start && k.DueAt <= end
            select new
            {
                k.Id, k.CaseId, k.Kind, k.DueAt, k.OwnerState, i.DefinitionId, i.Version, c.ResponsibleBureauId, Bureau = c.ResponsibleBureau!.NameZh,
                Enterprise = c.CapacityItem!.Enterprise!.Name, c.CapacityItem.Enterprise.CountyId, County = c.CapacityItem.Enterprise.County!.NameZh,
            })
            .ToListAsync(cancellationToken);
        var items = new List<AgendaItem>();
        foreach (var row in rows)
        {
            runtime.Catalog.TryGet(row.DefinitionId, row.Version, out var definition);
            var title = definition?.States.GetValueOrDefault(row.OwnerState)?.Tasks.FirstOrDefault(t => t.Name == row.Kind)?.Title ?? row.Kind;
            var day = ChinaTime.LastDayEndingAt(row.DueAt);
            if (day >= scope.From && day <= scope.Until)
            {
                items.Add(new AgendaItem($"task-{row.Id.ToString(CultureInfo.InvariantCulture)}", AgendaKind.Task, day, title, title, row.Enterprise,
                    $"/cases/{row.CaseId}#actions", row.ResponsibleBureauId, row.Bureau, row.CountyId, row.County, !runtime.Calendar.Covers(day.Year)));
            }
        }

        return items;
    }
}

internal static class AgendaDays
{
    /// <summary>A key made safe for a UID: letters, digits and '-' only.</summary>
    public static string Slug(string key) => new(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
