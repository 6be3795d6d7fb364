using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Core.Obligations;

/// <summary>The open duties of each kind as the ladder climbs them: their last day, offsets, and what they say.</summary>
public sealed partial class ObligationLadderJob
{
    /// <summary>A case step's duty in escalation_steps: one per task (the task a case has open past its last day).</summary>
    public static string CaseTaskSubject(long taskId) => $"case-task:{taskId}";

    /// <summary>
    /// Every case with a task past its last day, its oldest such task: the reminder rung is the workflow's own
    /// escalation mail at the due time; from there 通报 and 约谈 naming the responsible bureau, on the case.
    /// </summary>
    private async Task<IEnumerable<Climb>> CaseTasksAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var now = time.GetUtcNow().ToUniversalTime();
        var overdue = await (
            from t in db.WorkflowTasks
            join c in db.Cases on t.CaseId equals c.Id
            join b in db.Bureaus on c.ResponsibleBureauId equals b.Id
            join j in db.Jurisdictions on b.JurisdictionId equals j.Id
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where t.Status == WorkTaskStatus.Open && t.DueAt < now
            orderby t.DueAt
            select new { t.Id, t.CaseId, t.Kind, t.OwnerState, t.DueAt, Bureau = b.NameZh, b.JurisdictionId, City = j.NameZh, i.DefinitionId, i.Version })
            .AsNoTracking().ToListAsync(cancellationToken);
        return overdue.DistinctBy(s => s.CaseId).Select(step =>
        {
            var lastDay = ChinaTime.LastDayEndingAt(step.DueAt);
            // The reason is the title's phrase ("关于…未按期完成“整改期满复查”的通报").
            var taskTitle = runtime.Catalog.TryGet(step.DefinitionId, step.Version, out var definition) && definition.States.TryGetValue(step.OwnerState, out var owner)
                ? owner.Tasks.FirstOrDefault(t => t.Name == step.Kind)?.Title ?? step.Kind
                : step.Kind;
            return new Climb(CaseTaskSubject(step.Id), EscalationSubject.OverdueStep, lastDay, [], step.JurisdictionId, step.City, Remind: null,
                _ => new NoticeRequest(MessageKinds.CirculatedNotice, step.CaseId, null, step.Bureau, WorkflowRoleIds.BureauOfficer, $"未按期完成“{taskTitle}”", Actor))
            {
                AlreadyTaken = [new TakenStep(EscalationPlan.StepOf(Rung.Reminder), lastDay.AddDays(1))],
            };
        });
    }

    /// <summary>
    /// Every 举报 being verified (001 §五.(三)): the profile's reminders that fall within its verification period, then the
    /// ladder, naming the bureau.
    /// </summary>
    private static async Task<IEnumerable<Climb>> PublicReportsAsync(IServiceProvider services, HolidayCalendar days, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var catalog = services.GetRequiredService<WorkflowRuntime>().Catalog;
        var directory = services.GetRequiredService<RecipientDirectory>();
        var open = await db.PublicReports.AsNoTracking()
            .Where(r => r.Status == PublicReportStatus.Verifying && r.DueOn != null && r.BureauId != null).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var climbs = new List<Climb>();
        foreach (var report in open)
        {
            var bureau = await db.Bureaus.AsNoTracking().Include(b => b.Jurisdiction).SingleAsync(b => b.Id == report.BureauId, cancellationToken);
            var profileId = await JurisdictionChain.ProfileAsync(db, report.CountyId ?? bureau.JurisdictionId, cancellationToken);
            if (profileId is null)
            {
                continue;
            }

            var profile = catalog.Profile(profileId);
            var lastDay = report.DueOn!.Value;
            // Only the reminders that fall within the verification period: a report due in five working days is not
            // reminded "seven working days before" on the day it came in.
            var filedOn = ChinaTime.DayOf(report.SubmittedAt);
            var remind = profile.ReminderWorkingDaysBefore.Where(n => days.AddWorkingDays(lastDay, -n) >= filedOn).ToList();
            var filer = new Filer(Filer.BureauKey(bureau.Id), bureau.NameZh, bureau.JurisdictionId, bureau.Id, WorkflowRoleIds.BureauOfficer);
            var title = $"群众举报核实（回执{report.ReceiptNumber}，{report.Enterprise}）";
            var to = directory.Title(profileId, WorkflowRoleIds.LeadingGroupOffice);
            var year = report.SubmittedAt.Year.ToString(CultureInfo.InvariantCulture);
            climbs.Add(new Climb(PublicReportEscalationSubject(report.Id), EscalationSubject.OverdueStep, lastDay, remind, filer.RegionId, bureau.Jurisdiction!.NameZh,
                at => RegionReminder(at, filer, lastDay, new Dictionary<string, string>
                {
                    ["report"] = title, ["report_name"] = PublicReportService.VerificationPeriod, ["year"] = year,
                    ["source"] = "001 §五.(三)（对群众举报要及时核实，核实结果向社会公开）", ["to"] = to,
                }),
                _ => RegionNotice(filer, $"未按期核实{title}", Actor)));
        }

        return climbs;
    }

    /// <summary>A 举报's duty in escalation_steps.</summary>
    public static string PublicReportEscalationSubject(long reportId) => $"public-report:{reportId}";

    /// <summary>
    /// Every open programme task (a kiln stop unconfirmed, a coal month unreported or in breach, a re-check): the profile's
    /// reminders, then the ladder naming the bureau — a kiln stop only to the reminder unless its profile says why.
    /// </summary>
    private static async Task<IEnumerable<Climb>> ProgrammeTasksAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var directory = services.GetRequiredService<ProgrammeDirectory>();
        var tasks = await db.ProgrammeTasks.AsNoTracking().Where(t => t.Status == ProgrammeTaskStatus.Open).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var climbs = new List<Climb>();
        foreach (var task in tasks)
        {
            if (await directory.CityAsync(task.CityId, cancellationToken) is not { } city)
            {
                continue;
            }

            var bureau = await db.Bureaus.AsNoTracking().SingleAsync(b => b.Id == task.BureauId, cancellationToken);
            climbs.Add(new Climb(ProgrammeJob.Subject(task), EscalationSubject.OverdueStep, task.DueOn, city.Profile.ReminderWorkingDaysBefore, task.CityId,
                city.City.NameZh, at => ProgrammeReminder(at, task, directory.Calendar),
                plan => new NoticeRequest(MessageKinds.CirculatedNotice, null, task.CityId, bureau.NameZh, WorkflowRoleIds.BureauOfficer,
                    $"未按期办结“{task.Title}”（期限{ProgrammeMail.Zh(task.DueOn)}，{task.Source}）", ProgrammeJob.Actor, BureauId: bureau.Id))
            {
                // 000 §二 水泥 倡导通过行业自律组织: reminded, never 通报 or 约谈, unless the profile says why.
                Highest = task.Kind == ProgrammeTaskKinds.KilnUnconfirmed && city.Profile.KilnShutdown is { Escalates: false } ? Rung.Reminder : Rung.InterviewSummons,
            });
        }

        return climbs;
    }

    private static OutboxMessage? ProgrammeReminder(ReminderContext at, ProgrammeTask task, HolidayCalendar calendar)
    {
        if (at.Plan.WorkingDaysBefore is { } n && calendar.AddWorkingDays(task.DueOn, -n) <= task.OpenedOn)
        {
            // A reminder due by the day the task was given: the assignment's own mail told the bureau; kept, not sent.
            at.Step.Why = $"{at.Plan.ReasonZh}（已随任务派发告知）";
            return null;
        }

        var data = new Dictionary<string, string>
        {
            ["duty"] = "task-reminder", ["title"] = task.Title, ["detail"] = task.Detail, ["last_day"] = ProgrammeMail.Zh(task.DueOn),
            ["last_day_iso"] = ProgrammeMail.Iso(task.DueOn), ["source"] = task.Source, ["reason"] = at.Plan.ReasonZh,
            ["task_id"] = task.Id.ToString(CultureInfo.InvariantCulture),
        };
        if (task.DueOn < at.Today)
        {
            data["overdue_days"] = EscalationLadder.WorkingDaysBetween(task.DueOn, at.Today, calendar).ToString(CultureInfo.InvariantCulture);
        }

        return ProgrammeMail.Add(at.Db, $"step-{at.Step.Id}", WorkflowRoleIds.BureauOfficer, task.RegionId, task.BureauId, at.Now, data);
    }

    /// <summary>Every report a county or bureau owes and has not filed (000 §四.1, 003 §四), this year's and last year's.</summary>
    private static async Task<IEnumerable<Climb>> ReportsAsync(IServiceProvider services, DateOnly today, CancellationToken cancellationToken)
    {
        var obligations = services.GetRequiredService<ReportObligations>();
        var directory = services.GetRequiredService<RecipientDirectory>();
        var climbs = new List<Climb>();
        foreach (var city in await obligations.CitiesAsync(cancellationToken))
        {
            foreach (var year in new[] { today.Year - 1, today.Year })
            {
                foreach (var o in await obligations.ForCityAsync(city, year, cancellationToken))
                {
                    if (o.Submission is not null || o.Deadline.LastDay < today.AddDays(-WindowDays))
                    {
                        continue;
                    }

                    var data = new Dictionary<string, string>
                    {
                        ["report"] = o.Report.Title, ["report_name"] = o.Report.Name, ["year"] = o.Year.ToString(CultureInfo.InvariantCulture),
                        ["source"] = o.Report.Source, ["to"] = directory.Title(o.Profile.Id, o.Report.To), ["explanation"] = o.Deadline.ExplainZh(),
                    };
                    climbs.Add(new Climb(o.Subject, EscalationSubject.LateReport, o.Deadline.LastDay, o.Profile.ReminderWorkingDaysBefore, o.Filer.RegionId,
                        city.NameZh, at => RegionReminder(at, o.Filer, o.Deadline.LastDay, data),
                        _ => RegionNotice(o.Filer, $"未按期报送{o.Year}年“{o.Report.Title}”", Actor)));
                }
            }
        }

        return climbs;
    }

    /// <summary>Every annual exit target a region has not met by its day (001 §五.(五); 002 §二.(一)): 通报, then 约谈.</summary>
    private static async Task<IEnumerable<Climb>> TargetsAsync(IServiceProvider services, DateOnly today, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var climbs = new List<Climb>();
        foreach (var p in await services.GetRequiredService<AnnualTargets>().ProgressAsync([today.Year - 1, today.Year], null, cancellationToken))
        {
            if (!p.OwedOn(today, WindowDays))
            {
                continue;
            }

            var region = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == p.Target.JurisdictionId, cancellationToken);
            var city = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == p.CityId, cancellationToken);
            var filer = Filer.Region(region);
            var reason = $"未完成{p.Target.Year}年度落后产能退出目标任务（{p.Target.Description}{p.Amount(p.Target.Amount)}，至{p.Target.DueOn.Month}月{p.Target.DueOn.Day}日退出{p.Amount(p.ExitedByDue)}）";
            climbs.Add(new Climb(p.Subject, EscalationSubject.MissedAnnualTarget, p.Target.DueOn, [], filer.RegionId, city.NameZh,
                at => RegionReminder(at, filer, p.Target.DueOn, []), _ => RegionNotice(filer, reason, Actor)));
        }

        return climbs;
    }
}
