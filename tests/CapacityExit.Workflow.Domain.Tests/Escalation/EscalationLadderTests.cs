using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Tests.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Escalation;

/// <summary>reminder → 通报 → 约谈 (001 §五.(五)): one rung at a time, by working days on the holiday calendar.</summary>
public sealed class EscalationLadderTests
{
    private static readonly DateOnly LastDay = new(2026, 3, 6); // a Friday

    private static EscalationDecision Decide(EscalationSubject subject, DateOnly today, Rung reached = Rung.None, DateOnly? reachedOn = null, DateOnly? lastDay = null) =>
        EscalationLadder.Decide(subject, lastDay ?? LastDay, today, reached, reachedOn, RepoFiles.Escalation, RepoFiles.Calendar);

    [Fact]
    public void Nothing_until_the_last_day_has_passed()
    {
        Assert.Equal(Rung.None, Decide(EscalationSubject.OverdueStep, LastDay).Next);
        Assert.Equal(Rung.None, Decide(EscalationSubject.OverdueStep, LastDay.AddDays(-20)).Next);
    }

    [Fact]
    public void An_overdue_step_is_reminded_the_day_after_even_on_a_weekend()
    {
        var saturday = Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 3, 7));
        Assert.Equal((Rung.Reminder, 0), (saturday.Next, saturday.WorkingDaysOverdue));
    }

    [Fact]
    public void The_notice_comes_after_ten_working_days_and_the_interview_after_twenty()
    {
        var reminded = new DateOnly(2026, 3, 9);
        Assert.Equal(Rung.None, Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 3, 19), Rung.Reminder, reminded).Next); // 9 working days
        var notice = Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 3, 20), Rung.Reminder, reminded);
        Assert.Equal((Rung.CirculatedNotice, 10), (notice.Next, notice.WorkingDaysOverdue));
        Assert.Contains("满10个工作日应通报", notice.ReasonZh);
        Assert.Equal(Rung.InterviewSummons, Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 4, 3), Rung.CirculatedNotice, new DateOnly(2026, 3, 20)).Next);
    }

    [Fact]
    public void Rungs_are_never_skipped_however_late()
    {
        Assert.Equal(Rung.Reminder, Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 6, 30)).Next);
        Assert.Equal(Rung.CirculatedNotice, Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 6, 30), Rung.Reminder, new DateOnly(2026, 6, 1)).Next);
    }

    [Fact]
    public void The_gap_between_rungs_counts_working_days_over_the_Qingming_holiday()
    {
        // 2026-04-04..06 is the Qingming holiday: from Friday 04-03 to Wednesday 04-08 only 04-07 and 04-08 are working days.
        Assert.Equal(2, EscalationLadder.WorkingDaysBetween(new DateOnly(2026, 4, 3), new DateOnly(2026, 4, 8), RepoFiles.Calendar));
        var waiting = Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 4, 8), Rung.CirculatedNotice, new DateOnly(2026, 4, 3));
        Assert.Equal(Rung.None, waiting.Next);
        Assert.Contains("不足5个工作日", waiting.ReasonZh);
        Assert.Equal(Rung.InterviewSummons, Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 4, 13), Rung.CirculatedNotice, new DateOnly(2026, 4, 3)).Next);
    }

    [Fact]
    public void After_an_interview_the_ladder_ends()
    {
        var top = Decide(EscalationSubject.OverdueStep, new DateOnly(2026, 9, 30), Rung.InterviewSummons, new DateOnly(2026, 5, 1));
        Assert.Equal(Rung.None, top.Next);
        Assert.Contains("到顶", top.ReasonZh);
    }

    [Fact]
    public void A_late_report_climbs_faster_and_a_missed_annual_target_starts_at_the_notice()
    {
        Assert.Equal(Rung.CirculatedNotice, Decide(EscalationSubject.LateReport, new DateOnly(2026, 3, 13), Rung.Reminder, new DateOnly(2026, 3, 6)).Next);
        var target = Decide(EscalationSubject.MissedAnnualTarget, new DateOnly(2026, 1, 5), lastDay: new DateOnly(2025, 12, 31));
        Assert.Equal(Rung.CirculatedNotice, target.Next);
        Assert.Equal(Rung.InterviewSummons, Decide(EscalationSubject.MissedAnnualTarget, new DateOnly(2026, 2, 2), Rung.CirculatedNotice,
            new DateOnly(2026, 1, 5), new DateOnly(2025, 12, 31)).Next);
    }
}

/// <summary>The thresholds' one place, notices.yaml's escalation section: read whole, refused with the key named when wrong.</summary>
public sealed class EscalationPolicySectionTests
{
    private static EscalationPolicy Read(string yaml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(yaml));
        return EscalationPolicy.FromSection((YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode);
    }

    private const string Valid = """
        overdue-step: { reminder-after: 0, circulate-after: 8, interview-after: 16 }
        late-report: { reminder-after: 0, circulate-after: 5, interview-after: 15 }
        missed-annual-target: { reminder-after: -1, circulate-after: 0, interview-after: 20 }
        gap: 3
        """;

    [Fact]
    public void A_section_sets_every_subject_and_the_gap_and_minus_one_skips_a_rung()
    {
        var policy = Read(Valid);
        Assert.Equal(new RungThresholds(0, 8, 16), policy.Thresholds[EscalationSubject.OverdueStep]);
        Assert.Equal(new RungThresholds(null, 0, 20), policy.Thresholds[EscalationSubject.MissedAnnualTarget]);
        Assert.Equal(3, policy.Gap);
        // Eight working days overdue is enough for a 通报 under this section, not under the shipped one (ten).
        var lastDay = new DateOnly(2026, 3, 6);
        var today = new DateOnly(2026, 3, 18);
        Assert.Equal(Rung.CirculatedNotice, EscalationLadder.Decide(EscalationSubject.OverdueStep, lastDay, today, Rung.Reminder, new DateOnly(2026, 3, 9), policy, RepoFiles.Calendar).Next);
        Assert.Equal(Rung.None, EscalationLadder.Decide(EscalationSubject.OverdueStep, lastDay, today, Rung.Reminder, new DateOnly(2026, 3, 9), RepoFiles.Escalation, RepoFiles.Calendar).Next);
    }

    [Theory]
    [InlineData("circulate-after: 8", "circulate-after: soon", "'circulate-after' must be a whole number of working days, not 'soon'")]
    [InlineData("gap: 3", "gap: -2", "'gap' must be zero or more working days")]
    [InlineData("late-report: { reminder-after: 0, circulate-after: 5, interview-after: 15 }\n", "", "'late-report' is missing")]
    public void A_wrong_section_is_refused_with_the_key_named(string replace, string with, string message)
    {
        var e = Assert.Throws<YamlDotNet.Core.YamlException>(() => Read(Valid.Replace(replace, with, StringComparison.Ordinal)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
