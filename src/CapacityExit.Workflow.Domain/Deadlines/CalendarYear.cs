namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// One year's arrangement as its State Council notice gives it. <paramref name="Comments"/> are the file's
/// comment lines in that year's section, kept so that rewriting the file (calendar add) does not drop them.
/// </summary>
public sealed record CalendarYear(
    int Year,
    string NoticeTitle,
    IReadOnlyList<HolidayArrangement> Holidays,
    IReadOnlyList<string> Comments);
