using System.Globalization;
using System.Text;

namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// Writes the calendar file format back, aligned for a monospace editor: what Parse reads, Serialize writes
/// unchanged, so the CLI can add a year without reformatting what an administrator typed.
/// </summary>
internal static class HolidayCalendarWriter
{
    private const int NameColumns = 16;
    private const int RangeColumns = 24;

    public static string Write(HolidayCalendar calendar)
    {
        var text = new StringBuilder();
        foreach (var line in calendar.Preamble)
        {
            text.Append(line).Append('\n');
        }

        foreach (var year in calendar.Years)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append('[').Append(year.Year.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(year.NoticeTitle).Append('\n');
            foreach (var comment in year.Comments)
            {
                text.Append(comment).Append('\n');
            }

            foreach (var holiday in year.Holidays)
            {
                text.Append(HolidayLine(holiday)).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string HolidayLine(HolidayArrangement holiday)
    {
        var range = holiday.FirstDayOff == holiday.LastDayOff
            ? Iso(holiday.FirstDayOff)
            : $"{Iso(holiday.FirstDayOff)}..{Iso(holiday.LastDayOff)}";
        var line = new StringBuilder(holiday.Name).Append(' ', Math.Max(2, NameColumns - DisplayWidth(holiday.Name))).Append(range);
        if (holiday.MakeUpWorkingDays.Count > 0)
        {
            line.Append(' ', Math.Max(2, RangeColumns - range.Length))
                .Append(HolidayCalendarParser.MakeUpKeyword).Append(' ')
                .Append(string.Join(", ", holiday.MakeUpWorkingDays.Order().Select(Iso)));
        }

        return line.ToString();
    }

    /// <summary>CJK characters take two columns in a terminal or editor.</summary>
    private static int DisplayWidth(string text) => text.Sum(c => c >= '\u2E80' ? 2 : 1);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
