using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>One submission of a jurisdiction's report calendar in a given year.</summary>
public sealed record ReportDeadline(ReportDue Report, DeadlineResult Deadline);

/// <summary>
/// The fixed-date submissions of a profile for a year: named last days ("6月27日前", 002). A named day that is a rest
/// day moves to the next working day like a period's last day (民法典第二百零三条; DeadlineCalculator.FixedDate, the one
/// rule for it), unless the profile keeps it fixed with its reason (ReportDue.FixedBecause).
/// </summary>
public static class ReportCalendar
{
    public static IReadOnlyList<ReportDeadline> For(JurisdictionProfile profile, int year, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var calculator = new DeadlineCalculator(calendar);
        return profile.Reports
            .Select(r => new ReportDeadline(r, calculator.FixedDate(
                new DateOnly(year, r.Month, Math.Min(r.Day, DateTime.DaysInMonth(year, r.Month))), r.Roll, $"{r.Title}（{r.Month}月{r.Day}日前）")))
            .OrderBy(r => r.Deadline.LastDay)
            .ToList();
    }

    /// <summary>The same dates as a recurring rule, for a timer that fires on each of them.</summary>
    public static Recurrence AsRecurrence(JurisdictionProfile profile, TimeOnly at) =>
        Recurrence.Yearly(profile.Reports.Select(r => (r.Month, r.Day)), at);
}
