using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Demo;

/// <summary>
/// Right after the demo data loads, makes one of each kind of mail fall due that day, so a new user finds a
/// 提醒, a 通报 and a 约谈 in the pickup folder within a minute: a case's reminder comes due now (the dispatcher
/// fires it); the ladder finds a county that missed its annual exit target (a 通报 at once), one late
/// with a report after a 通报 ten working days ago (a 约谈), and reports coming due (their reminders).
/// </summary>
public static class DemoMoments
{
    public static async Task StageAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        // Demo dates may reach into a year the calendar does not cover yet; the demo's decisions may be provisional.
        var calendar = services.GetRequiredService<HolidayCalendar>().WithProvisionalYears(2);
        var today = ChinaTime.Today(time);

        await db.Database.ExecuteSqlRawAsync(
            """
            update capacity_exit.workflow_timers set due_at = {0}
            where id = (select id from capacity_exit.workflow_timers where kind = 'reminder' and status = 'Pending' order by due_at limit 1)
            """, [time.GetUtcNow().ToUniversalTime()], cancellationToken);

        // The regions' duties, as data the daily ladder walks (ObligationLadderJob), climbed here once for today as they
        // would be at 09:30. 郑州: all exits done by 31 October (002 §二.(一)); 中原区 has a target and has
        // exited nothing, so it is circulated (or, loaded more than a quarter after 31 October, a target due yesterday).
        var ladder = services.GetRequiredService<Core.Obligations.ObligationLadderJob>();
        var octoberLast = new DateOnly(today.Month > 10 ? today.Year : today.Year - 1, 10, 31);
        var targetDay = today.DayNumber - octoberLast.DayNumber <= 90 ? octoberLast : today.AddDays(-1);
        var zhongyuan = await db.Jurisdictions.SingleAsync(j => j.Code == "410102", cancellationToken);
        db.AnnualTargets.Add(new AnnualTarget
        {
            JurisdictionId = zhongyuan.Id, Year = targetDay.Year, Description = "水泥熟料", Amount = 60m, Unit = "万吨/年", DueOn = targetDay,
            SetBy = "zhengzhou-office", SetAt = ChinaTime.StartOfDay(new DateOnly(targetDay.Year, 1, 1)).AddHours(10).ToUniversalTime(),
        });
        await db.SaveChangesAsync(cancellationToken);

        // Every report whose day has passed came in on time — except one county's (北湖区's when 郴州's calendar allows:
        // 000 §四.1), late enough for an interview: reminded the day after, circulated ten working days ago, so summoned today.
        var obligations = services.GetRequiredService<Core.Reporting.ReportObligations>();
        var beihu = Core.Reporting.Filer.JurisdictionKey((await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == "431002", cancellationToken)).Id);
        var passed = new List<Core.Reporting.ReportObligation>();
        foreach (var city in await obligations.CitiesAsync(cancellationToken))
        {
            foreach (var year in new[] { today.Year - 1, today.Year })
            {
                passed.AddRange((await obligations.ForCityAsync(city, year, cancellationToken)).Where(o => o.Deadline.LastDay < today));
            }
        }

        // The latest report a county owed long enough ago for an interview, 北湖区's if there is one that day.
        var late = passed
            .Where(o => o.Filer.Role == WorkflowRoleIds.CountyGovernment && o.Deadline.LastDay <= calendar.AddWorkingDays(today, -15)
                        && o.Deadline.LastDay > today.AddDays(-Core.Obligations.ObligationLadderJob.WindowDays))
            .OrderByDescending(o => o.Deadline.LastDay).ThenByDescending(o => o.Filer.Key == beihu).FirstOrDefault();
        db.ReportSubmissions.AddRange(passed.Where(o => o != late).Select(o => new ReportSubmission
        {
            CityId = o.CityId, Report = o.Report.Name, Year = o.Year, FilerKey = o.Filer.Key, RecordedBy = "demo",
            SubmittedAt = ChinaTime.StartOfDay(calendar.AddWorkingDays(o.Deadline.LastDay, -2)).AddHours(15).ToUniversalTime(),
        }));
        await db.SaveChangesAsync(cancellationToken);
        if (late is not null)
        {
            var then = calendar.AddWorkingDays(today, -10);
            // Issued on the day the demo says it was: its number, 成文日期 and .docx carry that day, not today.
            var issuedThen = new NoticeService(db, services.GetRequiredService<RecipientDirectory>(), services.GetRequiredService<MailModelBuilder>(),
                services.GetRequiredService<TemplateCatalog>(), services.GetRequiredService<NoticeSettings>(), new FixedClock(ChinaTime.StartOfDay(then).AddHours(10)));
            var notice = await IssueAsync(db, issuedThen, new NoticeRequest(MessageKinds.CirculatedNotice, null, late.Filer.RegionId, late.Filer.LaggardZh,
                late.Filer.Role, $"未按期报送{late.Year}年“{late.Report.Title}”", Core.Obligations.ObligationLadderJob.Actor), cancellationToken);
            var reminded = late.Deadline.LastDay.AddDays(1);
            db.EscalationSteps.AddRange(
                new EscalationStepRecord
                {
                    Subject = late.Subject, Step = EscalationPlan.StepOf(Rung.Reminder), JurisdictionId = late.Filer.RegionId, TakenOn = reminded,
                    TakenAt = ChinaTime.StartOfDay(reminded).AddHours(9.5).ToUniversalTime(), Why = "演示数据：逾期提醒",
                },
                new EscalationStepRecord
                {
                    Subject = late.Subject, Step = EscalationPlan.StepOf(Rung.CirculatedNotice), JurisdictionId = late.Filer.RegionId, TakenOn = then,
                    TakenAt = ChinaTime.StartOfDay(then).AddHours(10).ToUniversalTime(), Why = "演示数据：逾期未报送", NoticeId = notice.Id,
                });
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        await ladder.RunForDayAsync(today, cancellationToken, Domain.Obligations.ObligationKind.Report, Domain.Obligations.ObligationKind.AnnualTarget);
    }

    private static async Task<IssuedNotice> IssueAsync(CapacityExitDbContext db, NoticeService notices, NoticeRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var notice = await notices.IssueAsync(request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return notice;
    }

    /// <summary>The clock of a demo event dated in the past.</summary>
    private sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at.ToUniversalTime();
    }
}
