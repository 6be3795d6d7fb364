namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// The checks a calendar must pass, whether read from the file or added through the CLI. Each catches a
/// typing mistake that would otherwise move a legal deadline silently.
/// </summary>
internal static class CalendarValidator
{
    /// <summary>The longest run of days off accepted; the longest so far is 10 (春节 2020, extended).</summary>
    private const int MaxDaysOff = 31;

    public static void Validate(IReadOnlyList<CalendarYear> years, string source, Func<object, int> lineOf)
    {
        var seen = new Dictionary<DateOnly, string>();
        foreach (var year in years)
        {
            if (year.Holidays.Count == 0)
            {
                throw new CalendarFormatException(source, lineOf(year), $"the year {year.Year} lists no holidays");
            }

            foreach (var holiday in year.Holidays)
            {
                var line = lineOf(holiday);
                void Fail(string reason) => throw new CalendarFormatException(source, line, reason);

                CheckName(holiday.Name, Fail);
                CheckDaysOff(year.Year, holiday, Fail);
                foreach (var day in holiday.DaysOff())
                {
                    Claim(seen, day, $"{holiday.Name} 放假", Fail);
                }

                foreach (var day in holiday.MakeUpWorkingDays)
                {
                    CheckMakeUpDay(year.Year, holiday.Name, day, Fail);
                    Claim(seen, day, $"{holiday.Name} 调休上班", Fail);
                }
            }
        }
    }

    private static void CheckName(string name, Action<string> fail)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || c is '#' or ':' or ',' or '[' or ']'))
        {
            fail($"'{name}' is not a holiday name (no spaces, '#', ':', ',' or brackets)");
        }
    }

    private static void CheckDaysOff(int year, HolidayArrangement holiday, Action<string> fail)
    {
        if (holiday.LastDayOff < holiday.FirstDayOff)
        {
            fail($"{holiday.Name}: the range ends ({Iso(holiday.LastDayOff)}) before it starts ({Iso(holiday.FirstDayOff)})");
        }

        var length = holiday.LastDayOff.DayNumber - holiday.FirstDayOff.DayNumber + 1;
        if (length > MaxDaysOff)
        {
            fail($"{holiday.Name}: {length} days off in a row is more than {MaxDaysOff}; check the dates");
        }

        // A notice fixes its own year's holidays; only 元旦 may begin in the previous December (e.g. 2018-12-30..2019-01-01).
        if (holiday.LastDayOff.Year != year || !InYearOrPreviousDecember(year, holiday.FirstDayOff))
        {
            fail($"{holiday.Name}: the days off {Iso(holiday.FirstDayOff)}..{Iso(holiday.LastDayOff)} lie outside the year {year}");
        }
    }

    private static void CheckMakeUpDay(int year, string name, DateOnly day, Action<string> fail)
    {
        if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            fail($"{name}: the make-up working day {Iso(day)} is a {day.DayOfWeek}, not a weekend day (调休上班 is always a Saturday or Sunday)");
        }

        if (!InYearOrPreviousDecember(year, day))
        {
            fail($"{name}: the make-up working day {Iso(day)} lies outside the year {year}");
        }
    }

    private static void Claim(Dictionary<DateOnly, string> seen, DateOnly day, string what, Action<string> fail)
    {
        if (!seen.TryAdd(day, what))
        {
            fail($"{Iso(day)} is listed twice ({seen[day]}; {what})");
        }
    }

    private static bool InYearOrPreviousDecember(int year, DateOnly day) =>
        day.Year == year || (day.Year == year - 1 && day.Month == 12);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
