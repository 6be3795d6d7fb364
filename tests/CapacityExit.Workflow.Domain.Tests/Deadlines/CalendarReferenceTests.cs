using System.Globalization;
using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Deadlines;

/// <summary>
/// The project's calendar, written from the notices, against the reference collection, for every day
/// 2016-01-01..2026-12-31. Fails (never skips) when the reference file is missing.
/// </summary>
public sealed class CalendarReferenceTests
{
    [Fact]
    public void Every_day_2016_to_2026_agrees_with_the_reference_data()
    {
        var reference = ReadReference(RepoFiles.ReferenceCsvPath);
        var calendar = RepoFiles.Calendar;
        var mismatches = new List<string>();
        var checkedDays = 0;

        for (var day = new DateOnly(2016, 1, 1); day <= new DateOnly(2026, 12, 31); day = day.AddDays(1))
        {
            var (kind, name) = Expected(day, reference);
            var actualKind = calendar.Classify(day);
            var actualName = calendar.HolidayName(day);
            if (actualKind != kind || actualName != name)
            {
                mismatches.Add($"{day:yyyy-MM-dd} ({day.DayOfWeek}): expected {kind} {name}, calendar says {actualKind} {actualName}");
            }

            checkedDays++;
        }

        Assert.Equal(4018, checkedDays);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} days differ:\n" + string.Join("\n", mismatches.Take(50)));
    }

    [Fact]
    public void Every_listed_reference_day_is_in_a_covered_year()
    {
        var reference = ReadReference(RepoFiles.ReferenceCsvPath);
        Assert.True(reference.Count > 300, $"the reference file has only {reference.Count} rows");
        Assert.Equal(Enumerable.Range(2016, 11), RepoFiles.Calendar.CoveredYears.Order());
    }

    private static (DayKind Kind, string? Name) Expected(DateOnly day, Dictionary<DateOnly, (bool Off, string Name)> reference)
    {
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (!reference.TryGetValue(day, out var row))
        {
            return (weekend ? DayKind.Weekend : DayKind.WorkingDay, null);
        }

        if (row.Off)
        {
            return (DayKind.PublicHoliday, row.Name);
        }

        // The reference marks 2020-02-03 (a Monday, after the extended Spring Festival) "not off": a weekday
        // is a working day anyway, so it is no make-up day and the calendar file does not list it.
        return weekend ? (DayKind.MakeUpWorkingDay, row.Name) : (DayKind.WorkingDay, null);
    }

    private static Dictionary<DateOnly, (bool Off, string Name)> ReadReference(string path)
    {
        var rows = new Dictionary<DateOnly, (bool, string)>();
        foreach (var line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            Assert.True(cells.Length == 3, $"{path}: unexpected row '{line}'");
            var date = DateOnly.ParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            rows.Add(date, (bool.Parse(cells[1]), cells[2]));
        }

        return rows;
    }
}
