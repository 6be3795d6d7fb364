using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Tests.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Programmes;

/// <summary>When a coal mine's production days of a month are due: 郴州's setting, the 10th of the next month (chenzhou-2017.yaml).</summary>
public sealed class CoalReportRuleTests
{
    private static CoalProgramme Chenzhou => Repo.Catalog.Profile("chenzhou-2017").Coal!;

    [Fact]
    public void Chenzhou_sets_the_10th_with_reminders_3_and_1_working_days_before()
    {
        Assert.Equal(10, Chenzhou.ReportDueDay);
        Assert.Equal([3, 1], Chenzhou.ReportRemindWorkingDaysBefore);
    }

    [Theory]
    [InlineData(2026, 1, "2026-02-10")]  // a Tuesday
    [InlineData(2026, 9, "2026-10-10")]  // a Saturday, but a make-up working day (调休上班): it stays
    [InlineData(2026, 4, "2026-05-11")]  // Sunday 10 May moves to Monday 11 May
    [InlineData(2025, 12, "2026-01-12")] // Saturday 10 January 2026 moves to Monday
    public void A_month_is_due_on_the_10th_of_the_next_and_a_rest_day_moves_it_to_the_next_working_day(int year, int month, string due)
    {
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), CoalReportRule.DueOn(Chenzhou, year, month, Repo.Calendar));
    }

    [Fact]
    public void A_due_day_in_a_holiday_moves_past_the_whole_holiday()
    {
        // A profile setting the 1st: September's report would fall on 1 October, 国庆节 runs to the 7th.
        var first = Chenzhou with { ReportDueDay = 1 };
        Assert.Equal(new DateOnly(2026, 10, 8), CoalReportRule.DueOn(first, 2026, 9, Repo.Calendar));
    }
}
