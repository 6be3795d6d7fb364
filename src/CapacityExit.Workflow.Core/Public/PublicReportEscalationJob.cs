using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CapacityExit.Workflow.Core.Public;

/// <summary>
/// 09:45 on working days: every public report still being verified is a task with a last day like any other — the
/// profile's reminders before it, then the ladder reminder → 通报 → 约谈 for an overdue task (EscalationPlan,
/// subject OverdueStep), each step once (escalation_steps, subject "public-report:ID"), with its mail or notice, through
/// the same step-taking as the regions' duties (RegionEscalationJob).
/// </summary>
public sealed class PublicReportEscalationJob(IServiceScopeFactory scopes, RegionEscalationJob steps, HolidayCalendar calendar, NoticeSettings settings,
    WorkflowRuntime runtime) : ICalendarJob
{
    public const string JobId = "public-report-escalation";

    public string Id => JobId;

    public string Cron => "45 9 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

    public Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken) =>
        RunForDayAsync(nominalDay, cancellationToken);

    public async Task<string> RunForDayAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var days = calendar.WithProvisionalYears(2);
        var open = await db.PublicReports.AsNoTracking()
            .Where(r => r.Status == PublicReportStatus.Verifying && r.DueOn != null && r.BureauId != null).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var subjects = open.Select(Subject).ToList();
        var taken = (await db.EscalationSteps.AsNoTracking().Where(s => subjects.Contains(s.Subject)).Select(s => new { s.Subject, s.Step, s.TakenOn }).ToListAsync(cancellationToken))
            .ToLookup(s => s.Subject, s => new TakenStep(s.Step, s.TakenOn));
        var directory = services.GetRequiredService<RecipientDirectory>();
        var done = 0;
        foreach (var report in open)
        {
            var bureau = await db.Bureaus.AsNoTracking().Include(b => b.Jurisdiction).SingleAsync(b => b.Id == report.BureauId, cancellationToken);
            var profileId = await JurisdictionChain.ProfileAsync(db, report.CountyId ?? bureau.JurisdictionId, cancellationToken);
            if (profileId is null)
            {
                continue;
            }

            var profile = runtime.Catalog.Profile(profileId);
            // Only the reminders that fall within the verification period: a report due in five working days is not
            // reminded "seven working days before" on the day it came in.
            var filedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(report.SubmittedAt, ChinaTime.Zone).DateTime);
            var remind = profile.ReminderWorkingDaysBefore.Where(n => days.AddWorkingDays(report.DueOn!.Value, -n) >= filedOn).ToList();
            var plan = EscalationPlan.Next(EscalationSubject.OverdueStep, report.DueOn!.Value, today, remind,
                [.. taken[Subject(report)]], settings.Escalation, days);
            if (plan is null)
            {
                continue;
            }

            var filer = new Filer(Filer.BureauKey(bureau.Id), bureau.NameZh, bureau.JurisdictionId, bureau.Id, WorkflowRoleIds.BureauOfficer);
            var title = $"群众举报核实（回执{report.ReceiptNumber}，{report.Enterprise}）";
            done += await steps.TakeAsync(services, plan, Subject(report), filer, bureau.Jurisdiction!.NameZh, report.DueOn.Value, today,
                $"未按期核实{title}",
                new Dictionary<string, string>
                {
                    ["report"] = title, ["report_name"] = PublicReportService.VerificationPeriod,
                    ["year"] = report.SubmittedAt.Year.ToString(CultureInfo.InvariantCulture), ["source"] = "001 §五.(三)（对群众举报要及时核实，核实结果向社会公开）",
                    ["to"] = directory.Title(profileId, WorkflowRoleIds.LeadingGroupOffice),
                }, days, cancellationToken) ? 1 : 0;
        }

        return $"{open.Count} public report(s) being verified, {done} step(s) taken";
    }

    public static string Subject(PublicReport report) => Subject(report.Id);

    public static string Subject(long reportId) => $"public-report:{reportId}";
}
