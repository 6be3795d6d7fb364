using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// A fixed day each month (组织水泥熟料装置每月固定时间断电停产, 000 §二 水泥) or fixed dates each year, at a time
/// of day in Asia/Shanghai. A day the month lacks (31 in April, 29 February in 2027) falls on the month's last
/// day, as a legal period does (民法典第二百零二条) and as the calendar jobs do; it is never skipped, so the
/// kiln stops every month.
/// </summary>
public sealed record Recurrence
{
    private Recurrence(int? monthlyDay, IReadOnlyList<(int Month, int Day)> yearlyDates, TimeOnly at)
    {
        MonthlyDay = monthlyDay;
        YearlyDates = yearlyDates;
        At = at;
    }

    public int? MonthlyDay { get; }

    public IReadOnlyList<(int Month, int Day)> YearlyDates { get; }

    public TimeOnly At { get; }

    public static Recurrence Monthly(int day, TimeOnly at) => day is >= 1 and <= 31
        ? new Recurrence(day, [], at)
        : throw new ArgumentOutOfRangeException(nameof(day), day, "a day of the month is 1 to 31");

    public static Recurrence Yearly(IEnumerable<(int Month, int Day)> dates, TimeOnly at)
    {
        var list = dates.Distinct().Order().ToList();
        return list.Count > 0 ? new Recurrence(null, list, at) : throw new ArgumentException("at least one date is needed", nameof(dates));
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var today = ChinaTime.DayOf(after);
        foreach (var day in CandidateDays(today))
        {
            var at = ChinaTime.StartOfDay(day).Add(At.ToTimeSpan());
            if (at > after)
            {
                return at;
            }
        }

        throw new InvalidOperationException("unreachable: every rule has an occurrence within two years");
    }

    private IEnumerable<DateOnly> CandidateDays(DateOnly from)
    {
        var first = new DateOnly(from.Year, from.Month, 1);
        for (var m = 0; m < 25; m++)
        {
            var month = first.AddMonths(m);
            if (MonthlyDay is { } day)
            {
                yield return Clamp(month.Year, month.Month, day);
            }
            else
            {
                foreach (var (mm, dd) in YearlyDates.Where(d => d.Month == month.Month))
                {
                    yield return Clamp(month.Year, mm, dd);
                }
            }
        }
    }

    private static DateOnly Clamp(int year, int month, int day) => new(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
}
