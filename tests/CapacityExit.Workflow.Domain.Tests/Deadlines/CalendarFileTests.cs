using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Deadlines;

/// <summary>The file format: every mistake is refused with file:line and the reason.</summary>
public sealed class CalendarFileTests
{
    private const string Valid = """
        # test calendar
        
        [2025] 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）
        # a note kept with the year
        元旦            2025-01-01
        春节            2025-01-28..2025-02-04  调休上班 2025-01-26, 2025-02-08

        """;

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_valid_file_round_trips_through_Serialize()
    {
        var calendar = HolidayCalendar.Parse(Valid, "test.txt");
        var text = calendar.Serialize();

        Assert.Equal(Valid.Replace("\r\n", "\n", StringComparison.Ordinal), text);
        Assert.Equal(text, HolidayCalendar.Parse(text, "again.txt").Serialize());
        Assert.Equal(DayKind.MakeUpWorkingDay, calendar.Classify(D("2025-02-08")));
    }

    [Theory]
    [InlineData("春节 2025-02-30..2025-02-04", "'2025-02-30' is not a date")]
    [InlineData("春节 2025-02-04..2025-01-28", "the range ends (2025-01-28) before it starts (2025-02-04)")]
    [InlineData("春节 2025-01-28..2025-02-04  调休上班 2025-01-27", "is a Monday, not a weekend day")]
    [InlineData("春节 2025-01-28..2025-02-04  调休上班 2025-02-01", "2025-02-01 is listed twice")]
    [InlineData("元旦 2025-01-01", "2025-01-01 is listed twice")]
    [InlineData("元旦 2026-01-01", "lie outside the year 2025")]
    [InlineData("元旦 2024-11-30..2024-12-01", "lie outside the year 2025")]
    [InlineData("劳动节 2025-05-01..2025-06-30", "more than 31")]
    [InlineData("春节 2025-01-28..2025-02-04 上班 2025-02-08", "expected '调休上班'")]
    [InlineData("春节 2025-01-28..2025-02-04 调休上班", "not followed by any date")]
    [InlineData("春节 2025-01-28 # note", "comment must be on a line of its own")]
    [InlineData("春节", "needs a holiday name and its days off")]
    [InlineData("[2025] 重复", "the year 2025 appears twice")]
    [InlineData("[25] x", "is not a year header")]
    public void A_bad_line_is_reported_with_file_line_and_why(string badLine, string why)
    {
        // Line 5 of the file: after the header (3), the 元旦 line (4) of a valid 2025 section.
        var text = "# test\n\n[2025] 通知\n元旦 2025-01-01\n" + badLine + "\n";
        var error = Assert.Throws<CalendarFormatException>(() => HolidayCalendar.Parse(text, "cn-holidays.txt"));

        Assert.Equal(5, error.Line);
        Assert.StartsWith("cn-holidays.txt:5: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_that_is_merely_long_but_ordered_is_refused_for_its_length()
    {
        var error = Assert.Throws<CalendarFormatException>(() =>
            HolidayCalendar.Parse("[2025] 通知\n春节 2025-01-01..2025-02-28\n", "f.txt"));
        Assert.Equal(2, error.Line);
        Assert.Contains("59 days off in a row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_holiday_before_any_header_and_an_empty_year_are_refused()
    {
        var before = Assert.Throws<CalendarFormatException>(() => HolidayCalendar.Parse("# x\n元旦 2025-01-01\n", "f.txt"));
        Assert.Equal(2, before.Line);

        var empty = Assert.Throws<CalendarFormatException>(() => HolidayCalendar.Parse("[2025] 通知\n[2026] 通知\n元旦 2026-01-01\n", "f.txt"));
        Assert.Equal(1, empty.Line);
        Assert.Contains("lists no holidays", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithYear_adds_a_checked_year_and_keeps_the_rest()
    {
        var calendar = HolidayCalendar.Parse(Valid, "test.txt");
        var added = calendar.WithYear(2026, "国务院办公厅关于2026年部分节假日安排的通知",
            [new HolidayArrangement("元旦", D("2026-01-01"), D("2026-01-03"), [D("2026-01-04")])]);

        Assert.Equal([2025, 2026], added.CoveredYears);
        Assert.Equal(DayKind.MakeUpWorkingDay, added.Classify(D("2026-01-04")));
        Assert.Throws<YearNotCoveredException>(() => calendar.Classify(D("2026-01-04")));
        var reread = HolidayCalendar.Parse(added.Serialize(), "rewritten.txt");
        Assert.Equal(added.Serialize(), reread.Serialize());
        Assert.Contains("# a note kept with the year", reread.Serialize(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithYear_refuses_a_make_up_day_on_a_weekday()
    {
        var calendar = HolidayCalendar.Parse(Valid, "test.txt");
        var error = Assert.Throws<CalendarFormatException>(() => calendar.WithYear(2026, "通知",
            [new HolidayArrangement("元旦", D("2026-01-01"), D("2026-01-03"), [D("2026-01-05")])]));

        Assert.Contains("2026-01-05 is a Monday, not a weekend day", error.Message, StringComparison.Ordinal);
    }
}
