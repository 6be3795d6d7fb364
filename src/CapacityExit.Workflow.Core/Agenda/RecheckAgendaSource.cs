using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Agenda;

/// <summary>
/// 回头看 (003): the re-check of every exited case the person may see, in a city whose profile sets a re-check programme,
/// on the last day of the re-inspection — the open task's due day once the programme job has opened it, before that the
/// day <see cref="RecheckRule"/> gives from the acceptance (provisional where that year's holidays are not in). A
/// completed re-check leaves the calendar. The uid is the case's, so a feed's event keeps it when the task opens.
/// </summary>
public sealed class RecheckAgendaSource(CapacityExitDbContext db, ProgrammeDirectory programmes) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaItem>> ItemsAsync(AgendaScope scope, CancellationToken cancellationToken)
    {
        var cities = await programmes.CitiesAsync(p => p.Recheck is not null, cancellationToken);
        if (cities.Count == 0)
        {
            return [];
        }

        var cityIds = cities.Select(c => c.City.Id).ToList();
        var visible = await new CaseReadAccess(db).VisibleCasesAsync(scope.Person, cancellationToken);
        var exited = await (
            from c in visible
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where c.Status == CaseStatus.Exited && i.FinishedAt != null
                  && (cityIds.Contains(c.CapacityItem!.Enterprise!.County!.ParentId!.Value) || cityIds.Contains(c.CapacityItem.Enterprise.CountyId))
            select new
            {
                c.Id, i.FinishedAt, c.ResponsibleBureauId, Bureau = c.ResponsibleBureau!.NameZh, Enterprise = c.CapacityItem!.Enterprise!.Name,
                c.CapacityItem.Description, c.CapacityItem.Enterprise.CountyId, County = c.CapacityItem.Enterprise.County!.NameZh,
                CityId = c.CapacityItem.Enterprise.County.Level == JurisdictionLevel.PrefectureCity ? c.CapacityItem.Enterprise.CountyId : c.CapacityItem.Enterprise.County.ParentId!.Value,
            }).ToListAsync(cancellationToken);
        if (exited.Count == 0)
        {
            return [];
        }

        var subjects = exited.Select(e => $"recheck:{e.Id}").ToList();
        var tasks = await db.ProgrammeTasks.AsNoTracking().Where(t => t.Kind == ProgrammeTaskKinds.Recheck && subjects.Contains(t.Subject))
            .ToDictionaryAsync(t => t.Subject, cancellationToken);
        var items = new List<AgendaItem>();
        foreach (var e in exited)
        {
            var programme = cities.First(c => c.City.Id == e.CityId).Profile.Recheck!;
            DateOnly day;
            var provisional = false;
            if (tasks.TryGetValue($"recheck:{e.Id}", out var task))
            {
                if (task.Status != ProgrammeTaskStatus.Open)
                {
                    continue;
                }

                day = task.DueOn;
            }
            else
            {
                var accepted = ChinaTime.DayOf(e.FinishedAt!.Value);
                day = RecheckRule.DueOn(programme, accepted, programmes.Calendar);
                provisional = programmes.Calendar.IsProvisional(day.Year) || programmes.Calendar.IsProvisional(RecheckRule.OpensOn(programme, accepted).Year);
            }

            if (day < scope.From || day > scope.Until)
            {
                continue;
            }

            items.Add(new AgendaItem($"recheck-{e.Id}", AgendaKind.Recheck, day,
                $"回头看：复查已退出产能（{programme.Source}）", $"Re-check of exited capacity ({programme.Source})", $"{e.Enterprise} {e.Description}",
                $"/cases/{e.Id}", e.ResponsibleBureauId, e.Bureau, e.CountyId, e.County, provisional));
        }

        return items;
    }
}
