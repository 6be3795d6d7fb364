using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Scheduling;
using CapacityExit.Workflow.Domain.Tests.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Scheduling;

public sealed class CalendarJobScheduleTests
{
    private static HolidayCalendar Calendar => RepoFiles.Calendar;

    [Fact]
    public void A_daily_digest_skips_National_Day_and_weekends_but_runs_on_a_make_up_Saturday()
    {
        var digest = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

        Assert.Null(digest.NominalDayServedOn(new DateOnly(2026, 10, 1), Calendar)); // 国庆节
        Assert.Null(digest.NominalDayServedOn(new DateOnly(2026, 11, 22), Calendar)); // Sunday
        Assert.Equal(new DateOnly(2026, 11, 23), digest.NominalDayServedOn(new DateOnly(2026, 11, 23), Calendar));
        Assert.Equal(new DateOnly(2026, 10, 10), digest.NominalDayServedOn(new DateOnly(2026, 10, 10), Calendar)); // 调休 Saturday
    }

    [Fact]
    public void A_monthly_job_due_on_National_Day_shifts_to_the_first_working_day_after_the_holiday()
    {
        var report = CalendarJobSchedule.MonthlyOnDay(1, NonWorkingDayPolicy.ShiftToNextWorkingDay);
        var served = Enumerable.Range(0, 20).Select(i => new DateOnly(2026, 9, 28).AddDays(i))
            .Select(d => (Day: d, Nominal: report.NominalDayServedOn(d, Calendar)))
            .Where(x => x.Nominal is not null).ToList();

        // 2026: 10-01..10-07 off; the first working day after is Thursday 10-08.
        Assert.Equal([(new DateOnly(2026, 10, 8), (DateOnly?)new DateOnly(2026, 10, 1))], served);
    }

    [Fact]
    public void Run_policy_keeps_the_nominal_day_even_on_a_holiday() =>
        Assert.Equal(new DateOnly(2026, 10, 1), CalendarJobSchedule.Daily(NonWorkingDayPolicy.Run).NominalDayServedOn(new DateOnly(2026, 10, 1), Calendar));

    [Fact]
    public void Day_31_of_a_30_day_month_falls_on_its_last_day()
    {
        var job = CalendarJobSchedule.MonthlyOnDay(31, NonWorkingDayPolicy.Run);

        Assert.True(job.IsNominalDay(new DateOnly(2026, 4, 30)));
        Assert.False(job.IsNominalDay(new DateOnly(2026, 5, 30)));
        Assert.True(job.IsNominalDay(new DateOnly(2026, 5, 31)));
    }

    [Fact]
    public void A_date_in_an_uncovered_year_is_an_error_naming_the_year() =>
        Assert.Contains("2027", Assert.Throws<YearNotCoveredException>(() =>
            CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip).NominalDayServedOn(new DateOnly(2027, 3, 1), Calendar)).Message);
}
