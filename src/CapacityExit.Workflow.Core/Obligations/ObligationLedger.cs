using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Obligations;

/// <summary>
/// Every open duty a person owes, of every kind, with its legal last day and the rung the ladder has reached: the case
/// steps assigned to the person's role, the 举报 their bureau must verify, the programme tasks they may complete, and
/// the reports their county or bureau has not filed, and their county's annual exit targets not yet met. Each kind is read through the service that owns it, with that
/// service's own rule of who answers for what; 我的待办 and its export read this list.
/// </summary>
public sealed class ObligationLedger(
    CapacityExitDbContext db,
    CaseWorkflowService cases,
    PublicReportService publicReports,
    ProgrammeService programmes,
    ReportingService reporting,
    AnnualTargets targets,
    TimeProvider time)
{
    /// <summary>The person's open duties, soonest last day first.</summary>
    public async Task<IReadOnlyList<Obligation>> OpenForAsync(string login, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken);
        if (person is null)
        {
            return [];
        }

        var today = ChinaTime.Today(time);
        var all = new List<Obligation>();
        all.AddRange(await CaseTasksAsync(login, today, cancellationToken));
        if (person.Role == Role.BureauOfficer)
        {
            all.AddRange(await PublicReportsAsync(login, cancellationToken));
        }

        all.AddRange(await ProgrammeTasksAsync(person, cancellationToken));
        all.AddRange(await ReportsAsync(login, today, cancellationToken));
        if (person.Role == Role.CountyOfficer)
        {
            all.AddRange(await TargetsAsync(person.JurisdictionId, today, cancellationToken));
        }

        return all.OrderBy(o => o.LastDay).ThenBy(o => o.Kind).ThenBy(o => o.About, StringComparer.Ordinal).ToList();
    }

    private async Task<IEnumerable<Obligation>> CaseTasksAsync(string login, DateOnly today, CancellationToken cancellationToken)
    {
        var tasks = await cases.OpenTasksAsync(login, null, cancellationToken);
        var reached = await ReachedAsync(tasks.Select(t => ObligationLadderJob.CaseTaskSubject(t.TaskId)), cancellationToken);
        return tasks.Select(t =>
        {
            // Past its last day a case step has had its workflow's own reminder at least (the ladder's first rung).
            var taken = reached.GetValueOrDefault(ObligationLadderJob.CaseTaskSubject(t.TaskId));
            var rung = t.LastDay >= today ? Rung.None : taken > Rung.Reminder ? taken : Rung.Reminder;
            return new Obligation(ObligationKind.CaseTask, t.Title, $"{t.EnterpriseName}（{t.Standard}，案件 {t.CaseId}，{t.StateTitle}）", null,
                t.LastDay, rung, $"/cases/{t.CaseId}#actions", null);
        });
    }

    private async Task<IEnumerable<Obligation>> PublicReportsAsync(string login, CancellationToken cancellationToken)
    {
        var open = (await publicReports.TasksAsync(login, openOnly: true, cancellationToken)).Where(t => t.DueOn is not null).ToList();
        var reached = await ReachedAsync(open.Select(t => ObligationLadderJob.PublicReportEscalationSubject(t.Id)), cancellationToken);
        return open.Select(t => new Obligation(ObligationKind.PublicReport, "核实群众举报", $"{t.Enterprise}（{t.County}，回执 {t.ReceiptNumber}）", t.County,
            t.DueOn!.Value, reached.GetValueOrDefault(ObligationLadderJob.PublicReportEscalationSubject(t.Id)), $"/verifications/{t.Id}", "001 §五.(三)"));
    }

    private async Task<IEnumerable<Obligation>> ProgrammeTasksAsync(Person person, CancellationToken cancellationToken)
    {
        var open = (await programmes.TasksForAsync(person.Login, openOnly: true, cancellationToken)).Where(t => ProgrammeService.MayComplete(person, t)).ToList();
        var reached = await ReachedAsync(open.Select(ProgrammeJob.Subject), cancellationToken);
        var counties = await CountyNamesAsync(open.Select(t => t.RegionId), cancellationToken);
        return open.Select(t => new Obligation(ObligationKind.ProgrammeTask, t.Title, t.Detail, counties.GetValueOrDefault(t.RegionId),
            t.DueOn, reached.GetValueOrDefault(ProgrammeJob.Subject(t)), $"/programmes/tasks/{t.Id}/complete", t.Source));
    }

    private async Task<IEnumerable<Obligation>> ReportsAsync(string login, DateOnly today, CancellationToken cancellationToken)
    {
        // Last year's annual reports fall due in the first days of this year (湛江: 1月3日, 1月5日).
        var owed = await reporting.OwedByAsync(login, [today.Year - 1, today.Year], cancellationToken);
        return owed.Select(r =>
        {
            var o = r.Obligation;
            var reached = r.Steps.Select(s => EscalationPlan.RungOf(s.Step)).DefaultIfEmpty(Rung.None).Max();
            return new Obligation(ObligationKind.Report, $"报送{o.Year}年“{o.Report.Title}”", $"{o.Filer.NameZh}报{o.CityName}", null,
                o.Deadline.LastDay, reached, $"/reports?year={o.Year}", o.Report.Source);
        });
    }

    /// <summary>
    /// The county's annual exit targets not yet met (001 §五.(五); 000 §三.2), this year's and last year's: the county
    /// government answers for them (属地责任). They are met by exiting capacity, so the link is the targets' page.
    /// </summary>
    private async Task<IEnumerable<Obligation>> TargetsAsync(int countyId, DateOnly today, CancellationToken cancellationToken)
    {
        var open = (await targets.ProgressAsync([today.Year - 1, today.Year], null, cancellationToken))
            .Where(p => p.Target.JurisdictionId == countyId && p.OwedOn(today, ObligationLadderJob.WindowDays)).ToList();
        var reached = await ReachedAsync(open.Select(p => p.Subject), cancellationToken);
        return open.Select(p => new Obligation(ObligationKind.AnnualTarget, $"完成{p.Target.Year}年度落后产能退出目标任务",
            $"{p.Target.Description}{p.Amount(p.Target.Amount)}（已退出{p.Amount(p.ExitedToDate)}）", p.RegionZh,
            p.Target.DueOn, reached.GetValueOrDefault(p.Subject), "/targets", "001 §五.(五)"));
    }

    /// <summary>The highest rung taken after the last day on each duty (escalation_steps, the one record of rungs climbed).</summary>
    private async Task<Dictionary<string, Rung>> ReachedAsync(IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var keys = subjects.ToList();
        var steps = await db.EscalationSteps.AsNoTracking().Where(s => keys.Contains(s.Subject)).Select(s => new { s.Subject, s.Step }).ToListAsync(cancellationToken);
        return steps.GroupBy(s => s.Subject).ToDictionary(g => g.Key, g => g.Select(s => EscalationPlan.RungOf(s.Step)).Max());
    }

    private async Task<Dictionary<int, string>> CountyNamesAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var keys = ids.Distinct().ToList();
        return await db.Jurisdictions.AsNoTracking().Where(j => keys.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.NameZh, cancellationToken);
    }
}
