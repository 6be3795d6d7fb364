using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Deadlines;

public sealed class ProvisionalYearTests
{
    [Fact]
    public void The_strict_calendar_refuses_2027_the_provisional_one_answers_by_weekdays_and_says_so()
    {
        var strict = RepoFiles.Calendar;
        var provisional = strict.WithProvisionalYears(2);

        Assert.Throws<YearNotCoveredException>(() => strict.Classify(new DateOnly(2027, 5, 22)));
        Assert.Equal(DayKind.Weekend, provisional.Classify(new DateOnly(2027, 5, 22)));
        Assert.Equal(DayKind.WorkingDay, provisional.Classify(new DateOnly(2027, 10, 1))); // no holiday guessed
        Assert.Equal([2027, 2028], provisional.ProvisionalYears.Order());
        Assert.Throws<YearNotCoveredException>(() => provisional.Classify(new DateOnly(2029, 1, 2)));
        Assert.Equal(strict.Serialize(), provisional.Serialize()); // nothing provisional is ever written to the file
    }

    [Fact]
    public void A_six_month_period_from_late_2026_ends_on_the_first_weekday_after_its_raw_last_day_provisionally()
    {
        var calculator = new DeadlineCalculator(RepoFiles.Calendar.WithProvisionalYears(2));

        var result = calculator.Compute(new DateOnly(2026, 11, 22), PeriodExpression.Parse("P6M"));

        Assert.Equal(new DateOnly(2027, 5, 24), result.LastDay); // 2027-05-22 is a Saturday
    }
}
