using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Core.Demo;

/// <summary>
/// Right after the demo data loads, makes one of each kind of mail fall due that day, so a new user finds a
/// 提醒, a 通报 and a 约谈 in the pickup folder within a minute: a case's reminder comes due now (the dispatcher
/// fires it), and two demo counties are decided on by the escalation ladder — one missed its annual exit target
/// (a 通报 at once), one is late with its half-year report after a 通报 ten working days ago (a 约谈).
/// </summary>
public static class DemoMoments
{
    public static async Task StageAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var notices = services.GetRequiredService<NoticeService>();
        var settings = services.GetRequiredService<NoticeSettings>();
        // Demo dates may reach into a year the calendar does not cover yet; the demo's decisions may be provisional.
        var calendar = services.GetRequiredService<HolidayCalendar>().WithProvisionalYears(2);
        var today = ChinaTime.Today(time);
        var meetingAt = ChinaTime.StartOfDay(calendar.AddWorkingDays(today, 5)).AddHours(9.5);

        await db.Database.ExecuteSqlRawAsync(
            """
            update capacity_exit.workflow_timers set due_at = {0}
            where id = (select id from capacity_exit.workflow_timers where kind = 'reminder' and status = 'Pending' order by due_at limit 1)
            """, [time.GetUtcNow().ToUniversalTime()], cancellationToken);

        // 郑州: all exits done by 31 October (002 §二.(一)); 中原区 missed its target.
        var targetDay = new DateOnly(today.Month > 10 ? today.Year : today.Year - 1, 10, 31);
        var missed = EscalationLadder.Decide(EscalationSubject.MissedAnnualTarget, targetDay, today, Rung.None, null, settings.Escalation, calendar);
        await IssueAsync(db, notices, "410102", MessageKinds.CirculatedNotice, missed,
            $"未按期完成{targetDay.Year}年度落后产能退出目标任务（{targetDay:M月d日}前全部退出到位）", meetingAt, cancellationToken);

        // 郴州: half-year work reports are due in July (000 §四.1); 北湖区 has not filed, and was circulated already.
        var reportDay = new DateOnly(today.Month > 7 ? today.Year : today.Year - 1, 7, 31);
        var earlier = await IssueAsync(db, notices, "431002", MessageKinds.CirculatedNotice,
            EscalationLadder.Decide(EscalationSubject.LateReport, reportDay, calendar.AddWorkingDays(today, -10), Rung.Reminder, reportDay.AddDays(1), settings.Escalation, calendar),
            $"未按期报送{reportDay.Year}年上半年淘汰落后产能工作总结", meetingAt, cancellationToken);
        if (earlier is not null)
        {
            var then = calendar.AddWorkingDays(today, -10);
            await db.Database.ExecuteSqlRawAsync("update capacity_exit.issued_notices set issued_on = {0}, issued_at = {1} where id = {2}",
                [then, ChinaTime.StartOfDay(then).AddHours(10).ToUniversalTime(), earlier.Id], cancellationToken);
            var interview = EscalationLadder.Decide(EscalationSubject.LateReport, reportDay, today, Rung.CirculatedNotice, then, settings.Escalation, calendar);
            await IssueAsync(db, notices, "431002", MessageKinds.InterviewSummons, interview,
                $"未按期报送{reportDay.Year}年上半年淘汰落后产能工作总结，经通报仍未报送", meetingAt, cancellationToken);
        }
    }

    private static async Task<IssuedNotice?> IssueAsync(CapacityExitDbContext db, NoticeService notices, string regionCode, string kind,
        EscalationDecision decision, string what, DateTimeOffset meetingAt, CancellationToken cancellationToken)
    {
        var expected = kind == MessageKinds.CirculatedNotice ? Rung.CirculatedNotice : Rung.InterviewSummons;
        if (decision.Next != expected)
        {
            return null; // the ladder says not yet: the demo does not force it
        }

        var region = await db.Jurisdictions.SingleAsync(j => j.Code == regionCode, cancellationToken);
        var laggard = region.NameZh + "人民政府";
        var request = kind == MessageKinds.CirculatedNotice
            ? new NoticeRequest(kind, null, region.Id, laggard, "county-government", what, "demo")
            : new NoticeRequest(kind, null, region.Id, laggard, "county-government", what, "demo",
                MeetingAt: meetingAt,
                Place: "市淘汰落后产能工作领导小组办公室会议室", Attendees: [$"{laggard}分管负责人", $"{region.NameZh}工业和信息化局主要负责人"]);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var notice = await notices.IssueAsync(request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return notice;
    }

}
