using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>A count under a label, for the dashboard's tables and bar charts.</summary>
public sealed record Tally(string Label, int Count, string? Key = null);

/// <summary>A report owed and not received after its last day.</summary>
public sealed record LateReport(string City, string Report, string Filer, DateOnly LastDay, int DaysLate);

/// <summary>An annual target whose due day passed without the capacity exited.</summary>
public sealed record MissedTarget(string Region, int Year, string Description, decimal Amount, string Unit, decimal Exited, DateOnly DueOn);

/// <summary>What the 工作台 shows for one person's scope.</summary>
public sealed record DashboardSummary(
    int OpenCases,
    IReadOnlyList<Tally> ByState,
    IReadOnlyList<Tally> ByStandard,
    IReadOnlyList<Tally> ByIndustry,
    IReadOnlyList<Tally> ByCounty,
    int DueThisWeek,
    int OverdueTasks,
    int YellowCards,
    int RedCards,
    IReadOnlyList<LateReport> LateReports,
    IReadOnlyList<MissedTarget> MissedTargets);

/// <summary>
/// The dashboard's figures, all computed from the cases, timers, tasks, reports and targets the person may see —
/// the same scope as the case list (<see cref="CaseReadAccess"/>), so a figure and the list behind it agree.
/// </summary>
public sealed class DashboardService(CapacityExitDbContext db, CaseReadAccess access, CaseListService list, ReportObligations reports,
    AnnualTargets targets, WorkflowRuntime runtime, TimeProvider time)
{
    public async Task<DashboardSummary> ForAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var open = (await access.VisibleCasesAsync(person, cancellationToken)).Where(c => c.Status == CaseStatus.Open);
        var states = await (
            from c in open
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            group c by new { i.DefinitionId, i.Version, i.State } into g
            select new { g.Key.DefinitionId, g.Key.Version, g.Key.State, Count = g.Count() }).ToListAsync(cancellationToken);
        var byState = states
            .GroupBy(s => list.StateTitle(s.DefinitionId, s.Version, s.State))
            .Select(g => new Tally(g.Key, g.Sum(s => s.Count), g.First().State)).OrderByDescending(t => t.Count).ToList();
        var cards = states.Select(s => (Card: CardOf(s.DefinitionId, s.Version, s.State), s.Count)).ToList();
        var byStandard = (await open.GroupBy(c => c.Standard).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .Select(g => new Tally(g.Key.Zh(), g.Count, g.Key.ToString())).OrderByDescending(t => t.Count).ToList();
        var byIndustry = (await open.GroupBy(c => c.CapacityItem!.Enterprise!.Industry).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .Select(g => new Tally(g.Key.Zh(), g.Count, g.Key.ToString())).OrderByDescending(t => t.Count).ToList();
        var byCounty = await open.GroupBy(c => new { c.CapacityItem!.Enterprise!.CountyId, c.CapacityItem.Enterprise.County!.NameZh })
            .Select(g => new { g.Key.CountyId, g.Key.NameZh, Count = g.Count() }).OrderByDescending(g => g.Count).ToListAsync(cancellationToken);

        var now = time.GetUtcNow();
        var dueThisWeek = await list.PageAsync(login, new CaseFilter { DueWithinDays = 7 }, cancellationToken);
        var overdueTasks = await (
            from t in db.WorkflowTasks
            join c in open on t.CaseId equals c.Id
            where t.Status == WorkTaskStatus.Open && t.DueAt < now
            select t.Id).CountAsync(cancellationToken);

        var (late, missed) = await RegionsAsync(person, cancellationToken);
        return new DashboardSummary(
            states.Sum(s => s.Count), byState, byStandard, byIndustry,
            byCounty.Select(c => new Tally(c.NameZh, c.Count, c.CountyId.ToString())).ToList(),
            dueThisWeek.Total, overdueTasks,
            cards.Where(c => c.Card == Card.Yellow).Sum(c => c.Count), cards.Where(c => c.Card == Card.Red).Sum(c => c.Count),
            late, missed);
    }

    private Card CardOf(string definitionId, int version, string state) =>
        runtime.Catalog.TryGet(definitionId, version, out var d) && d.States.TryGetValue(state, out var s) ? s.Card : Card.None;

    /// <summary>Late reports and missed targets of the person's city, narrowed to what they answer for.</summary>
    private async Task<(IReadOnlyList<LateReport>, IReadOnlyList<MissedTarget>)> RegionsAsync(Person person, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        var within = await access.JurisdictionsWithinAsync(person.JurisdictionId, cancellationToken);
        var late = new List<LateReport>();
        var missed = new List<MissedTarget>();
        var upwards = await JurisdictionChain.UpwardsAsync(db, person.JurisdictionId, cancellationToken);
        foreach (var city in await reports.CitiesAsync(cancellationToken))
        {
            // A county officer's city owes reports too, but they answer only for their own county's.
            var cityInScope = within.Contains(city.Id) || upwards.Contains(city.Id);
            if (!cityInScope)
            {
                continue;
            }

            foreach (var year in new[] { today.Year - 1, today.Year })
            {
                foreach (var o in await reports.ForCityAsync(city, year, cancellationToken))
                {
                    var answers = person.Role switch
                    {
                        Role.BureauOfficer => o.Filer.BureauId == person.BureauId,
                        Role.CountyOfficer => o.Filer.BureauId is null && o.Filer.RegionId == person.JurisdictionId,
                        _ => true,
                    };
                    if (answers && o.Submission is null && o.Deadline.LastDay < today && o.Deadline.LastDay >= today.AddDays(-180))
                    {
                        late.Add(new LateReport(city.NameZh, o.Report.Title, o.Filer.NameZh, o.Deadline.LastDay, today.DayNumber - o.Deadline.LastDay.DayNumber));
                    }
                }
            }
        }

        foreach (var p in await targets.ProgressAsync([today.Year - 1, today.Year], null, cancellationToken))
        {
            if ((within.Contains(p.Target.JurisdictionId) || person.Role == Role.BureauOfficer && upwards.Contains(p.CityId)) && p.Target.DueOn < today && !p.MetByDue)
            {
                missed.Add(new MissedTarget(p.RegionZh, p.Target.Year, p.Target.Description, p.Target.Amount, p.Target.Unit, p.ExitedByDue, p.Target.DueOn));
            }
        }

        return (late.OrderByDescending(l => l.DaysLate).ToList(), missed);
    }
}
