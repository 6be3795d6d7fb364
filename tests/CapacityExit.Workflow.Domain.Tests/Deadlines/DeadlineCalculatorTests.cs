using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Deadlines;

/// <summary>民法典第二百零一条至第二百零三条 on the project's calendar. Each case names the day it pins.</summary>
public sealed class DeadlineCalculatorTests
{
    private static readonly DeadlineCalculator Calculator = new(RepoFiles.Calendar);

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static DeadlineResult Compute(string start, string period, bool roll = true) =>
        Calculator.Compute(D(start), PeriodExpression.Parse(period), roll);

    [Theory]
    [InlineData("2023-02-28", "P6M", "2023-08-28")] // Feb 28 + 6 months is Aug 28, not Aug 31
    [InlineData("2024-08-31", "P6M", "2025-02-28")] // no Feb 31: the month's last day (第二百零二条)
    [InlineData("2023-08-31", "P6M", "2024-02-29")] // leap year: Feb 29 exists
    [InlineData("2024-02-29", "P1Y", "2025-02-28")] // no Feb 29 in 2025
    [InlineData("2024-02-29", "P6M", "2024-08-29")]
    [InlineData("2023-12-31", "P2M", "2024-02-29")]
    [InlineData("2024-03-15", "P1M", "2024-04-15")] // the corresponding day; the start day itself not counted
    public void Months_and_years_end_on_the_corresponding_day_or_the_months_last(string start, string period, string lastDay)
    {
        var result = Compute(start, period);
        Assert.Equal(D(lastDay), result.LastDay);
        Assert.Empty(result.Steps.Single().RolledOver);
    }

    [Fact]
    public void A_last_day_in_the_Spring_Festival_rolls_to_the_first_working_day_after_it()
    {
        // 2025 春节 is 2025-01-28..2025-02-04; 2025-02-01/02 are also a weekend.
        var result = Compute("2024-07-31", "P6M");

        var step = result.Steps.Single();
        Assert.Equal(D("2025-01-31"), step.RawLastDay);
        Assert.Equal(D("2025-02-05"), result.LastDay);
        Assert.Equal(["2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"],
            step.RolledOver.Select(r => r.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(step.RolledOver, r => Assert.Equal(("春节", DayKind.PublicHoliday), (r.HolidayName, r.Kind)));
        Assert.Contains("2025年2月1日（星期六）：春节假期（亦为周末）", result.ExplainZh(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_day_on_National_Day_2025_rolls_to_9_October()
    {
        var result = Compute("2025-04-01", "P6M");

        Assert.Equal(D("2025-10-01"), result.Steps.Single().RawLastDay);
        Assert.Equal(D("2025-10-09"), result.LastDay);
        Assert.Equal(8, result.Steps.Single().RolledOver.Count);
        Assert.All(result.Steps.Single().RolledOver, r => Assert.Equal("国庆节、中秋节", r.HolidayName));
    }

    [Fact]
    public void A_last_day_on_an_ordinary_weekend_rolls_to_Monday()
    {
        var result = Compute("2024-09-01", "P6M");

        Assert.Equal(D("2025-03-03"), result.LastDay);
        var rolled = result.Steps.Single().RolledOver;
        Assert.Equal([D("2025-03-01"), D("2025-03-02")], rolled.Select(r => r.Date));
        Assert.All(rolled, r => Assert.Equal((DayKind.Weekend, (string?)null), (r.Kind, r.HolidayName)));
        Assert.Contains("周末", result.ExplainZh(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-08-08", "2025-02-08")] // Saturday, 春节 调休上班
    [InlineData("2025-03-28", "2025-09-28")] // Sunday, 国庆节、中秋节 调休上班
    public void A_last_day_on_a_make_up_working_day_stays(string start, string makeUpDay)
    {
        var result = Compute(start, "P6M");

        Assert.Equal(D(makeUpDay), result.LastDay);
        Assert.Empty(result.Steps.Single().RolledOver);
        Assert.Contains("调休上班日，不是休假日，不顺延", result.ExplainZh(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_counts_from_the_original_last_day_after_its_roll()
    {
        // P6M ends 2025-10-01, rolled to 2025-10-09; three more months from there is 2026-01-09.
        // Counting from the unrolled day would give 2026-01-01 (元旦) and roll to 2026-01-05.
        var result = Compute("2025-04-01", "P6M+P3M");

        Assert.Equal(2, result.Steps.Count);
        Assert.Equal(D("2025-10-09"), result.Steps[0].LastDay);
        Assert.Equal(D("2025-10-09"), result.Steps[1].CountedFrom);
        Assert.Equal(D("2026-01-09"), result.LastDay);
    }

    [Fact]
    public void Each_part_of_a_chain_rolls_when_it_ends_on_a_rest_day()
    {
        // 2024-07-31 + 6M = 2025-01-31 (春节) -> 2025-02-05; + 3M = 2025-05-05 (劳动节) -> 2025-05-06.
        var result = Compute("2024-07-31", "P6M+P3M");

        Assert.Equal(D("2025-05-05"), result.Steps[1].RawLastDay);
        Assert.Equal(D("2025-05-06"), result.LastDay);
    }

    [Theory]
    [InlineData("2025-09-26", 5, "2025-10-10")] // 09-28 (Sunday, 调休) counts; 10-01..10-08 do not
    [InlineData("2024-02-08", 3, "2024-02-19")] // 春节 2024-02-10..17 skipped, 02-18 (Sunday, 调休) counts
    [InlineData("2025-12-31", 1, "2026-01-04")] // 元旦 2026-01-01..03 skipped; 01-04 (Sunday, 调休) is working day 1
    public void Working_day_periods_count_only_working_days(string start, int days, string lastDay)
    {
        var result = Compute(start, $"P{days}WD");
        Assert.Equal(D(lastDay), result.LastDay);
        Assert.Empty(result.Steps.Single().RolledOver);
    }

    [Fact]
    public void Calendar_day_periods_count_every_day_and_roll_off_a_holiday()
    {
        Assert.Equal(D("2025-10-09"), Compute("2025-09-21", "P10D").LastDay);
        Assert.Equal(D("2025-10-01"), Compute("2025-09-21", "P10D", roll: false).LastDay);
    }

    [Fact]
    public void Without_rolling_a_rest_day_stays_the_last_day_and_says_so()
    {
        var result = Compute("2025-04-01", "P6M", roll: false);

        Assert.Equal(D("2025-10-01"), result.LastDay);
        Assert.Contains("不顺延", result.ExplainZh(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_ending_in_an_uncovered_year_throws_naming_it()
    {
        var error = Assert.Throws<YearNotCoveredException>(() => Compute("2026-08-01", "P6M"));

        Assert.Equal(2027, error.Year);
        Assert.Contains("2027年", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not cover 2027", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counting_working_days_into_an_uncovered_year_throws()
    {
        var error = Assert.Throws<YearNotCoveredException>(() => Compute("2026-12-30", "P3WD"));
        Assert.Equal(2027, error.Year);
    }

    [Fact]
    public void A_fixed_date_rolls_only_when_the_obligation_says_so()
    {
        // "2022年1月3日前": 2022-01-03 is the last day of 元旦 2022.
        var rolled = Calculator.FixedDate(D("2022-01-03"), rollOffRestDays: true, "2022年1月3日前");
        var kept = Calculator.FixedDate(D("2022-01-03"), rollOffRestDays: false, "2022年1月3日前");

        Assert.Equal(D("2022-01-04"), rolled.LastDay);
        Assert.Equal(D("2022-01-03"), kept.LastDay);
        Assert.Null(rolled.Period);
        Assert.Contains("“2022年1月3日前”", rolled.ExplainZh(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_day_ends_at_midnight_Beijing_time()
    {
        var result = Compute("2024-08-31", "P6M");

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), result.EndsAt);
        Assert.Equal(new DateTime(2025, 2, 28, 16, 0, 0, DateTimeKind.Utc), result.EndsAt.UtcDateTime);
    }

    [Fact]
    public void The_explanation_gives_the_raw_day_the_rolled_days_and_the_rule_Chinese_and_English()
    {
        var result = Compute("2025-04-01", "P6M");
        var zh = result.ExplainZh();
        var en = result.ExplainEn();

        Assert.StartsWith("期间：6个月（P6M）", zh, StringComparison.Ordinal);
        Assert.Contains("对应日2025年10月1日（星期三）", zh, StringComparison.Ordinal);
        Assert.Contains("民法典第二百零三条", zh, StringComparison.Ordinal);
        Assert.Contains("顺延跳过 2025年10月4日（星期六）：国庆节、中秋节假期（亦为周末）", zh, StringComparison.Ordinal);
        Assert.Contains("最后一日：2025年10月9日（星期四）", zh, StringComparison.Ordinal);
        Assert.Contains("rolled over Sat 2025-10-04: 国庆节、中秋节 holiday (also a weekend day)", en, StringComparison.Ordinal);
        Assert.Contains("Last day: Thu 2025-10-09", en, StringComparison.Ordinal);
    }
}
