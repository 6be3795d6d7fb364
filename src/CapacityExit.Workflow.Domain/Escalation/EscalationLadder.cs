using System.Globalization;
using CapacityExit.Workflow.Domain.Deadlines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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

/// <summary>
/// The thresholds per subject and the least gap, in working days, between two rungs. They live in one place, the
/// <c>escalation</c> section of workflows/notices/notices.yaml (read by <see cref="FromSection"/>): the seeds name the
/// means (约谈、通报: 001 §五.(五), 002 §四.(四), 003 §三.(二)) but no numbers.
/// </summary>
public sealed record EscalationPolicy(IReadOnlyDictionary<EscalationSubject, RungThresholds> Thresholds, int Gap)
{
    /// <summary>The section's key for each subject.</summary>
    public static IReadOnlyDictionary<EscalationSubject, string> SectionKeys { get; } = new Dictionary<EscalationSubject, string>
    {
        [EscalationSubject.OverdueStep] = "overdue-step",
        [EscalationSubject.LateReport] = "late-report",
        [EscalationSubject.MissedAnnualTarget] = "missed-annual-target",
    };

    /// <summary>
    /// The policy from notices.yaml's <c>escalation</c> mapping: per subject reminder-after, circulate-after and
    /// interview-after (working days past the last day; -1 skips the rung), and the gap.
    /// </summary>
    /// <exception cref="YamlException">A key is missing, empty or not a whole number; the message names it and where.</exception>
    public static EscalationPolicy FromSection(YamlMappingNode section)
    {
        var thresholds = SectionKeys.ToDictionary(kv => kv.Key, kv =>
        {
            var node = Child(section, kv.Value) as YamlMappingNode
                ?? throw new YamlException(section.Start, section.End, $"'{kv.Value}' must be a mapping of reminder-after, circulate-after and interview-after");
            int? At(string key) => WholeNumber(node, key) is var v && v >= 0 ? v : null;
            return new RungThresholds(At("reminder-after"), At("circulate-after"), At("interview-after"));
        });
        var gap = WholeNumber(section, "gap");
        return gap >= 0
            ? new EscalationPolicy(thresholds, gap)
            : throw new YamlException(section.Start, section.End, "'gap' must be zero or more working days");
    }

    private static YamlNode Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value
            : throw new YamlException(node.Start, node.End, $"'{key}' is missing");

    private static int WholeNumber(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Value: { } text } scalar
            ? int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new YamlException(scalar.Start, scalar.End, $"'{key}' must be a whole number of working days, not '{text}'")
            : throw new YamlException(node.Start, node.End, $"'{key}' is missing or empty");
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
