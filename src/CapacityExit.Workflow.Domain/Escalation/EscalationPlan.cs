using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Escalation;

/// <summary>A step already taken on one late subject: "before-7", "overdue-reminder", "circulated-notice", "interview-summons".</summary>
public sealed record TakenStep(string Step, DateOnly On);

/// <summary>The step to take today on a subject, its rung, and why (Chinese, for the log and the region's history).</summary>
public sealed record PlannedStep(string Step, Rung Rung, string ReasonZh)
{
    /// <summary>For a reminder before the last day: how many working days before it ("before-7" → 7).</summary>
    public int? WorkingDaysBefore => Step.StartsWith(EscalationPlan.BeforePrefix, StringComparison.Ordinal)
        ? int.Parse(Step[EscalationPlan.BeforePrefix.Length..], System.Globalization.CultureInfo.InvariantCulture)
        : null;
}

/// <summary>
/// What to do today about one subject with a last day that is not a case step — a report a county or bureau owes
/// (000 §四.1, 003 §四), a region's annual exit target (001 §五.(五)) — given the steps already taken on it.
/// Before the last day: the profile's reminders (e.g. 30, 7, 1 and 0 working days before), only the nearest one
/// that has come, each once. After it: the <see cref="EscalationLadder"/> (reminder → 通报 → 约谈). Pure.
/// </summary>
public static class EscalationPlan
{
    public const string BeforePrefix = "before-";

    public static PlannedStep? Next(
        EscalationSubject subject, DateOnly lastDay, DateOnly today, IReadOnlyList<int> remindBefore,
        IReadOnlyCollection<TakenStep> taken, EscalationPolicy policy, HolidayCalendar calendar)
    {
        if (today <= lastDay)
        {
            // A subject no reminder can cure (a missed target) gets none before its day either.
            if (policy.Thresholds[subject].ReminderAfter is null)
            {
                return null;
            }

            var due = remindBefore.Where(n => n >= 0 && calendar.AddWorkingDays(lastDay, -n) <= today).Order().Cast<int?>().FirstOrDefault();
            if (due is not { } n || taken.Any(t => t.Step == BeforePrefix + n))
            {
                return null;
            }

            return new(BeforePrefix + n, Rung.Reminder,
                n == 0 ? $"今日（{Zh(lastDay)}）期限届满" : $"距期限最后一日（{Zh(lastDay)}）还有{n}个工作日");
        }

        var reached = taken.Select(t => (t.On, Rung: RungOf(t.Step))).Where(t => t.Rung != Rung.None)
            .OrderByDescending(t => t.Rung).ThenByDescending(t => t.On).FirstOrDefault();
        var decision = EscalationLadder.Decide(subject, lastDay, today, reached.Rung, reached.Rung == Rung.None ? null : reached.On, policy, calendar);
        return decision.Next == Rung.None ? null : new(StepOf(decision.Next), decision.Next, decision.ReasonZh);
    }

    /// <summary>The rung an after-the-day step stands for; reminders before the day climb nothing.</summary>
    public static Rung RungOf(string step) => step switch
    {
        "overdue-reminder" => Rung.Reminder,
        "circulated-notice" => Rung.CirculatedNotice,
        "interview-summons" => Rung.InterviewSummons,
        _ => Rung.None,
    };

    public static string StepOf(Rung rung) => rung switch
    {
        Rung.Reminder => "overdue-reminder",
        Rung.CirculatedNotice => "circulated-notice",
        Rung.InterviewSummons => "interview-summons",
        _ => throw new ArgumentOutOfRangeException(nameof(rung)),
    };

    private static string Zh(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
}
