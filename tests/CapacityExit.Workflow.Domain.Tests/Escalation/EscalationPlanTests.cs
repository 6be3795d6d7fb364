using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Tests.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Escalation;

/// <summary>
/// A report a county owes by 31 July (000 §四.1: 每年7月…报市领导小组办公室) and a region's annual target: reminders
/// before the day from the profile's offsets, then the ladder.
/// </summary>
public sealed class EscalationPlanTests
{
    private static readonly DateOnly LastDay = new(2026, 7, 31); // a Friday
    private static readonly int[] Offsets = [30, 7, 1, 0];

    private static PlannedStep? Next(DateOnly today, params TakenStep[] taken) => Next(EscalationSubject.LateReport, today, taken);

    private static PlannedStep? Next(EscalationSubject subject, DateOnly today, params TakenStep[] taken) =>
        EscalationPlan.Next(subject, LastDay, today, Offsets, taken, RepoFiles.Escalation, RepoFiles.Calendar);

    [Fact]
    public void Nothing_before_the_first_reminder_day()
    {
        var first = RepoFiles.Calendar.AddWorkingDays(LastDay, -30);
        Assert.Null(Next(first.AddDays(-1)));
        Assert.Equal("before-30", Next(first)?.Step);
        Assert.Contains("还有30个工作日", Next(first)!.ReasonZh);
    }

    [Fact]
    public void Each_reminder_before_the_day_goes_once_and_a_late_start_sends_only_the_nearest()
    {
        var sevenBefore = new DateOnly(2026, 7, 22); // Wednesday: 23, 24, 27, 28, 29, 30, 31 are the seven working days after it
        Assert.Equal(sevenBefore, RepoFiles.Calendar.AddWorkingDays(LastDay, -7));
        Assert.Equal("before-7", Next(sevenBefore, new TakenStep("before-30", new DateOnly(2026, 6, 17)))?.Step);
        Assert.Null(Next(sevenBefore.AddDays(1), new TakenStep("before-30", new DateOnly(2026, 6, 17)), new TakenStep("before-7", sevenBefore)));
        // First run on the 30th: the 30- and 7-day reminders are past, only the one for tomorrow goes.
        Assert.Equal("before-1", Next(new DateOnly(2026, 7, 30))?.Step);
        Assert.Equal("before-0", Next(LastDay, new TakenStep("before-1", new DateOnly(2026, 7, 30)))?.Step);
        Assert.Contains("今日", Next(LastDay)!.ReasonZh);
    }

    [Fact]
    public void After_the_day_a_late_report_climbs_reminder_then_notice_then_interview()
    {
        var reminded = new TakenStep("overdue-reminder", new DateOnly(2026, 8, 1));
        Assert.Equal(("overdue-reminder", Rung.Reminder), Pair(Next(new DateOnly(2026, 8, 1), new TakenStep("before-0", LastDay))));
        Assert.Null(Next(new DateOnly(2026, 8, 6), reminded)); // four working days late
        Assert.Equal(("circulated-notice", Rung.CirculatedNotice), Pair(Next(new DateOnly(2026, 8, 7), reminded)));
        var circulated = new TakenStep("circulated-notice", new DateOnly(2026, 8, 7));
        Assert.Null(Next(new DateOnly(2026, 8, 20), reminded, circulated)); // 14 working days late
        Assert.Equal(("interview-summons", Rung.InterviewSummons), Pair(Next(new DateOnly(2026, 8, 21), reminded, circulated)));
        var summoned = new TakenStep("interview-summons", new DateOnly(2026, 8, 21));
        Assert.Null(Next(new DateOnly(2026, 12, 1), reminded, circulated, summoned)); // the ladder ends at the interview
    }

    [Fact]
    public void The_notice_waits_the_gap_after_a_late_reminder()
    {
        // The reminder went out only on 10 August (the office started late): five working days must pass before a 通报.
        var reminded = new TakenStep("overdue-reminder", new DateOnly(2026, 8, 10));
        Assert.Null(Next(new DateOnly(2026, 8, 14), reminded));
        Assert.Equal("circulated-notice", Next(new DateOnly(2026, 8, 17), reminded)?.Step);
    }

    [Fact]
    public void A_missed_annual_target_gets_no_reminder_and_is_circulated_the_day_after()
    {
        Assert.Null(Next(EscalationSubject.MissedAnnualTarget, LastDay));
        Assert.Null(Next(EscalationSubject.MissedAnnualTarget, RepoFiles.Calendar.AddWorkingDays(LastDay, -7)));
        Assert.Equal(("circulated-notice", Rung.CirculatedNotice), Pair(Next(EscalationSubject.MissedAnnualTarget, new DateOnly(2026, 8, 1))));
        var circulated = new TakenStep("circulated-notice", new DateOnly(2026, 8, 3));
        Assert.Null(Next(EscalationSubject.MissedAnnualTarget, new DateOnly(2026, 8, 27), circulated)); // 19 working days late
        Assert.Equal("interview-summons", Next(EscalationSubject.MissedAnnualTarget, new DateOnly(2026, 8, 28), circulated)?.Step);
    }

    private static (string, Rung)? Pair(PlannedStep? step) => step is null ? null : (step.Step, step.Rung);
}
