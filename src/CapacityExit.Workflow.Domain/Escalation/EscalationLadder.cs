using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Escalation;

/// <summary>What is late: a case step, a periodic report, or a region's annual exit target.</summary>
public enum EscalationSubject
{
    OverdueStep,        // a case deadline or task past its last day
    LateReport,         // 每年7月和12月 … 报市淘汰落后产能工作领导小组办公室 (000 §四.1), not filed
    MissedAnnualTarget, // 未完成年度落后产能退出目标任务的地区和部门 (001 §五.(五))
}

/// <summary>The rungs, in order. A laggard climbs one rung at a time.</summary>
public enum Rung
{
    None = 0,
    Reminder = 1,         // 提醒
    CirculatedNotice = 2, // 通报: circulated to the leading group's members, naming the laggard
    InterviewSummons = 3, // 约谈: the responsible officials summoned
}

/// <summary>
/// When each rung falls due, in working days past the last day (0: any day after it); null skips the rung.
/// </summary>
public sealed record RungThresholds(int? ReminderAfter, int? CirculateAfter, int? InterviewAfter)
{
    public int? After(Rung rung) => rung switch
    {
        Rung.Reminder => ReminderAfter,
        Rung.CirculatedNotice => CirculateAfter,
        Rung.InterviewSummons => InterviewAfter,
        _ => null,
    };
}

/// <summary>The thresholds per subject and the least gap, in working days, between two rungs.</summary>
public sealed record EscalationPolicy(IReadOnlyDictionary<EscalationSubject, RungThresholds> Thresholds, int Gap)
{
    /// <summary>
    /// The defaults of workflows/notices/notices.yaml. The seeds name the means (约谈、通报: 001 §五.(五),
    /// 002 §四.(四), 003 §三.(二)) but no numbers: two working weeks before a 通报 and four before a 约谈 leave
    /// a reminder and a notice time to work; a missed annual target cannot be cured by a reminder, so it starts
    /// at the 通报 (004 §六: 考核结果予以通报).
    /// </summary>
    public static EscalationPolicy Default { get; } = new(new Dictionary<EscalationSubject, RungThresholds>
    {
        [EscalationSubject.OverdueStep] = new(0, 10, 20),
        [EscalationSubject.LateReport] = new(0, 5, 15),
        [EscalationSubject.MissedAnnualTarget] = new(null, 0, 20),
    }, Gap: 5);
}

/// <summary>The ladder's answer: the rung to take now (None: nothing yet), why, and how late the subject is.</summary>
public sealed record EscalationDecision(Rung Next, int WorkingDaysOverdue, string ReasonZh);

/// <summary>
/// Decides the next rung of reminder → 通报 → 约谈 for one late subject. Pure: today, the calendar and what was
/// already done are parameters. Rungs are never skipped (a 约谈 comes only after a 通报, unless the policy
/// switches a rung off), one rung per decision, and at least the policy's gap between two rungs.
/// </summary>
public static class EscalationLadder
{
    public static EscalationDecision Decide(
        EscalationSubject subject, DateOnly lastDay, DateOnly today, Rung reached, DateOnly? reachedOn,
        EscalationPolicy policy, HolidayCalendar calendar)
    {
        if (today <= lastDay)
        {
            return new(Rung.None, 0, $"未逾期：期限最后一日为{Zh(lastDay)}");
        }

        var overdue = WorkingDaysBetween(lastDay, today, calendar);
        var thresholds = policy.Thresholds[subject];
        var next = Enum.GetValues<Rung>().Where(r => r > reached && thresholds.After(r) is not null).Cast<Rung?>().FirstOrDefault();
        if (next is not { } rung)
        {
            // After a 约谈 the ladder ends: what follows is accountability (追究责任, 004 §六), not another letter.
            return new(Rung.None, overdue, $"已逾期{overdue}个工作日；已采取{Name(reached)}，督办阶梯已到顶");
        }

        if (reached != Rung.None && reachedOn is { } since && WorkingDaysBetween(since, today, calendar) < policy.Gap)
        {
            return new(Rung.None, overdue, $"已逾期{overdue}个工作日；距上次{Name(reached)}（{Zh(since)}）不足{policy.Gap}个工作日");
        }

        var after = thresholds.After(rung)!.Value;
        return overdue >= after
            ? new(rung, overdue, $"已逾期{overdue}个工作日（满{after}个工作日应{Name(rung)}）")
            : new(Rung.None, overdue, $"已逾期{overdue}个工作日；满{after}个工作日方{Name(rung)}");
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public static int WorkingDaysBetween(DateOnly from, DateOnly to, HolidayCalendar calendar)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    public static string Name(Rung rung) => rung switch
    {
        Rung.Reminder => "提醒",
        Rung.CirculatedNotice => "通报",
        Rung.InterviewSummons => "约谈",
        _ => "无",
    };

    private static string Zh(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
}
