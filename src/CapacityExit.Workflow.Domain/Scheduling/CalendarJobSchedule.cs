using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Scheduling;

/// <summary>What a calendar job does when its nominal day is not a working day.</summary>
public enum NonWorkingDayPolicy
{
    /// <summary>Run anyway (the nightly consistency check: machines keep no holidays).</summary>
    Run,

    /// <summary>Do not run that day (a daily digest: nobody reads it on 国庆节).</summary>
    Skip,

    /// <summary>Run on the first working day after (a monthly report reminder due on a holiday).</summary>
    ShiftToNextWorkingDay,
}

/// <summary>
/// The days a calendar job is nominally due on, and what happens on rest days. Hangfire fires the job's cron
/// every day at its hour in Asia/Shanghai; this pure rule, on our own holiday calendar, says whether today is
/// a day to act, and for which nominal day.
/// </summary>
public sealed record CalendarJobSchedule(Func<DateOnly, bool> IsNominalDay, NonWorkingDayPolicy Policy, string DescriptionZh)
{
    public static CalendarJobSchedule Daily(NonWorkingDayPolicy policy) => new(_ => true, policy, "每日");

    public static CalendarJobSchedule MonthlyOnDay(int day, NonWorkingDayPolicy policy)
    {
        if (day is < 1 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "a day of the month is 1 to 31");
        }

        // A day the month lacks (31 in April) falls on the month's last day, as a legal period would.
        return new(d => d.Day == Math.Min(day, DateTime.DaysInMonth(d.Year, d.Month)), policy, $"每月{day}日");
    }

    /// <summary>
    /// The nominal day that today's run stands for, or null when nothing is to be done today. With
    /// <see cref="NonWorkingDayPolicy.ShiftToNextWorkingDay"/> a working day also stands for the nominal day
    /// among the rest days just before it.
    /// </summary>
    public DateOnly? NominalDayServedOn(DateOnly today, HolidayCalendar calendar)
    {
        switch (Policy)
        {
            case NonWorkingDayPolicy.Run:
                return IsNominalDay(today) ? today : null;
            case NonWorkingDayPolicy.Skip:
                return IsNominalDay(today) && calendar.IsWorkingDay(today) ? today : null;
            default:
                if (!calendar.IsWorkingDay(today))
                {
                    return null;
                }

                if (IsNominalDay(today))
                {
                    return today;
                }

                // Look back over the run of rest days that ends yesterday (at most a Spring Festival's length).
                for (var day = today.AddDays(-1); !calendar.IsWorkingDay(day); day = day.AddDays(-1))
                {
                    if (IsNominalDay(day))
                    {
                        return day;
                    }
                }

                return null;
        }
    }
}
