using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Deadlines;

public sealed class HolidayCalendarTests
{
    private static readonly HolidayCalendar Calendar = RepoFiles.Calendar;

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-10-01", DayKind.PublicHoliday, "国庆节、中秋节")]
    [InlineData("2025-10-04", DayKind.PublicHoliday, "国庆节、中秋节")] // a Saturday inside the holiday
    [InlineData("2025-10-11", DayKind.MakeUpWorkingDay, "国庆节、中秋节")]
    [InlineData("2025-10-12", DayKind.Weekend, null)]
    [InlineData("2025-10-13", DayKind.WorkingDay, null)]
    [InlineData("2018-12-31", DayKind.PublicHoliday, "元旦")] // 2019 notice, previous December
    [InlineData("2018-12-29", DayKind.MakeUpWorkingDay, "元旦")]
    [InlineData("2020-02-02", DayKind.PublicHoliday, "春节")] // the 2020 extension
    public void Classifies_days(string date, DayKind kind, string? holiday)
    {
        Assert.Equal(kind, Calendar.Classify(D(date)));
        Assert.Equal(holiday, Calendar.HolidayName(D(date)));
    }

    [Fact]
    public void A_make_up_day_is_a_working_day_and_a_holiday_weekend_is_a_rest_day()
    {
        Assert.True(Calendar.IsWorkingDay(D("2024-02-18")));
        Assert.False(Calendar.IsRestDay(D("2024-02-18")));
        Assert.True(Calendar.IsRestDay(D("2024-02-17")));
        Assert.True(Calendar.IsRestDay(D("2024-03-02")));
    }

    [Theory]
    [InlineData("2025-09-30", 1, "2025-10-09")]
    [InlineData("2025-10-09", -1, "2025-09-30")]
    [InlineData("2025-10-09", -2, "2025-09-29")]
    [InlineData("2025-10-05", 0, "2025-10-05")]
    [InlineData("2025-09-26", 1, "2025-09-28")]
    public void Adds_working_days_forwards_and_backwards(string date, int n, string expected) =>
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(date), n));

    [Theory]
    [InlineData("2027-01-04", 2027)]
    [InlineData("2015-12-31", 2015)]
    public void An_uncovered_year_throws_with_the_year_named(string date, int year)
    {
        var error = Assert.Throws<YearNotCoveredException>(() => Calendar.Classify(D(date)));
        Assert.Equal(year, error.Year);
        Assert.Contains($"{year}年", error.Message, StringComparison.Ordinal);
        Assert.Contains($"does not cover {year}", error.Message, StringComparison.Ordinal);
        Assert.Throws<YearNotCoveredException>(() => Calendar.IsRestDay(D(date)));
    }

    [Fact]
    public void The_shipped_file_is_exactly_what_Serialize_writes()
    {
        var text = File.ReadAllText(RepoFiles.CalendarPath);
        Assert.Equal(text, Calendar.Serialize());
    }

    [Fact]
    public void China_time_is_Beijing_whatever_the_server_zone()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 9, 30, 16, 30, 0, TimeSpan.Zero));
        Assert.Equal(D("2025-10-01"), ChinaTime.Today(clock));
        Assert.Equal(TimeSpan.FromHours(8), ChinaTime.StartOfDay(D("2025-07-01")).Offset);
    }
}
