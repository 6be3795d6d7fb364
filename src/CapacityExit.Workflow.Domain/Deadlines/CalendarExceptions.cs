namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>The holiday calendar file (or a year added to it) is wrong. Line is 1-based; 0 when not from a file.</summary>
public sealed class CalendarFormatException(string sourceName, int line, string reason)
    : Exception(line > 0 ? $"{sourceName}:{line}: {reason}" : $"{sourceName}: {reason}")
{
    public string SourceName { get; } = sourceName;

    public int Line { get; } = line;

    public string Reason { get; } = reason;
}

/// <summary>
/// A date falls in a year whose holiday arrangement the calendar does not hold. The deadline cannot be
/// computed: guessing would put the last day on a day that may be a holiday (DOMAIN.md "Computing a deadline").
/// </summary>
public sealed class YearNotCoveredException(int year, DateOnly date)
    : Exception(
        $"节假日日历未包含{year}年的放假安排（{date:yyyy-MM-dd}），无法计算期间；请先录入国务院办公厅关于{year}年部分节假日安排的通知。" +
        $" The holiday calendar does not cover {year} ({date:yyyy-MM-dd}); add the State Council's {year} holiday arrangement first.")
{
    public int Year { get; } = year;

    public DateOnly Date { get; } = date;
}
