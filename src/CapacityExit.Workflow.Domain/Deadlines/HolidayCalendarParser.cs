using System.Globalization;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// Reads workflows/calendar/cn-holidays.txt:
/// <code>
/// [2024] 国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）
/// 春节            2024-02-10..2024-02-17  调休上班 2024-02-04, 2024-02-18
/// </code>
/// Every mistake is reported with file:line and why, never skipped: a wrong line moves deadlines.
/// </summary>
internal static partial class HolidayCalendarParser
{
    public const string MakeUpKeyword = "调休上班";

    [GeneratedRegex(@"^\[(?<year>\d{4})\]\s*(?<title>.*)$")]
    private static partial Regex Header();

    public static HolidayCalendar Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var preamble = new List<string>();
        var years = new List<(CalendarYear Year, List<HolidayArrangement> Holidays, List<string> Comments)>();
        var lineOf = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);

        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd();
            var trimmed = line.Trim();
            CalendarFormatException Error(string reason) => new(sourceName, number, reason);

            if (trimmed.StartsWith('#'))
            {
                (years.Count == 0 ? preamble : years[^1].Comments).Add(line);
                continue;
            }

            if (years.Count == 0 && trimmed.Length == 0)
            {
                preamble.Add(line);
                continue;
            }

            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed.Contains('#', StringComparison.Ordinal))
            {
                throw Error("a comment must be on a line of its own (starting with #)");
            }

            if (trimmed.StartsWith('['))
            {
                var header = Header().Match(trimmed);
                if (!header.Success)
                {
                    throw Error($"'{trimmed}' is not a year header; write '[YYYY] 国务院办公厅关于YYYY年部分节假日安排的通知'");
                }

                var year = int.Parse(header.Groups["year"].Value, CultureInfo.InvariantCulture);
                var title = header.Groups["title"].Value.Trim();
                if (title.Length == 0)
                {
                    throw Error($"the year {year} has no notice title after [{year}]");
                }

                if (years.Any(y => y.Year.Year == year))
                {
                    throw Error($"the year {year} appears twice");
                }

                var holidays = new List<HolidayArrangement>();
                var comments = new List<string>();
                var section = new CalendarYear(year, title, holidays, comments);
                lineOf[section] = number;
                years.Add((section, holidays, comments));
                continue;
            }

            if (years.Count == 0)
            {
                throw Error("a holiday line comes before any '[YYYY] notice' header");
            }

            var holiday = ParseHoliday(trimmed, Error);
            lineOf[holiday] = number;
            years[^1].Holidays.Add(holiday);
        }

        while (preamble.Count > 0 && preamble[^1].Length == 0)
        {
            preamble.RemoveAt(preamble.Count - 1);
        }

        var result = years.Select(y => y.Year).ToList();
        CalendarValidator.Validate(result, sourceName, o => lineOf.GetValueOrDefault(o));
        return new HolidayCalendar(preamble, result);
    }

    private static HolidayArrangement ParseHoliday(string line, Func<string, CalendarFormatException> error)
    {
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2)
        {
            throw error($"'{line}' needs a holiday name and its days off (YYYY-MM-DD..YYYY-MM-DD)");
        }

        var (first, last) = ParseRange(tokens[1], error);
        var makeUp = new List<DateOnly>();
        if (tokens.Length > 2)
        {
            if (tokens[2] != MakeUpKeyword)
            {
                throw error($"expected '{MakeUpKeyword}' after the days off, found '{tokens[2]}'");
            }

            var dates = string.Join(' ', tokens.Skip(3))
                .Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (dates.Length == 0)
            {
                throw error($"'{MakeUpKeyword}' is not followed by any date");
            }

            makeUp.AddRange(dates.Select(d => ParseDate(d, error)));
        }

        return new HolidayArrangement(tokens[0], first, last, makeUp);
    }

    public static (DateOnly First, DateOnly Last) ParseRange(string text, Func<string, CalendarFormatException> error)
    {
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            var single = ParseDate(text, error);
            return (single, single);
        }

        return (ParseDate(text[..dots], error), ParseDate(text[(dots + 2)..], error));
    }

    public static DateOnly ParseDate(string text, Func<string, CalendarFormatException> error) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw error($"'{text}' is not a date (YYYY-MM-DD)");
}
