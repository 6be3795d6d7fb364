using System.Text;
using CapacityExit.Workflow.Core.Calendar.YearArrival;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Calendar;

/// <summary>
/// The holiday calendar as administrators keep it: read it, and add a year's State Council arrangement
/// (国务院办公厅关于…部分节假日安排的通知) checked like the file itself. <c>capacity-exit calendar add</c> and the calendar
/// page both call <see cref="AddYearAsync"/>. With a database (<paramref name="recompute"/> and <paramref name="years"/>)
/// the shipped file (workflows/calendar/cn-holidays.txt) is only the starting data: the year is kept in PostgreSQL
/// (<see cref="HolidayYearStore"/>), every host is told at once, and every pending deadline it changes is recomputed in
/// the same transaction (<see cref="YearArrivalRecompute"/>); the file is never written. Without one (a CLI on a bare
/// checkout) the year is written into the file.
/// </summary>
public sealed class CalendarAdministration(string path, YearArrivalRecompute? recompute = null, Workflows.WorkflowRuntime? running = null,
    HolidayYearStore? years = null)
{
    /// <summary>Whether adding a year recomputes the cases' deadlines (false only for a CLI without a database).</summary>
    public bool RecomputesCases => recompute is not null;

    public string Path => path;

    /// <summary>
    /// The calendar as every host counts on it now: the shipped file with the years entered in the database laid over it
    /// (the file alone without a database). A missing or broken file throws: it must be fixed first.
    /// </summary>
    public async Task<HolidayCalendar> LoadAsync(CancellationToken cancellationToken)
    {
        var shipped = HolidayCalendar.Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
        return years is null ? shipped : await years.MergeAsync(shipped, cancellationToken);
    }

    /// <summary>
    /// Adds (or, with <paramref name="replace"/>, replaces) a year and writes the file. Nothing is written when the
    /// year is there already without <paramref name="replace"/>, or the arrangement is wrong (days outside the year,
    /// a make-up day that is no weekend day, a day claimed twice…): the refusal names the field.
    /// </summary>
    public async Task<CalendarYearAdded> AddYearAsync(int year, string? notice, IReadOnlyList<HolidayArrangement> holidays, bool replace, CancellationToken cancellationToken,
        string appliedBy = "cli")
    {
        var errors = new List<ValidationError>();
        if (year is < 1949 or > 9998)
        {
            errors.Add(new ValidationError("year", $"年度{year}不是有效年份", $"{year} is not a year"));
        }

        if (string.IsNullOrWhiteSpace(notice) || notice.Length > 200 || InputText.HasControlCharacters(notice))
        {
            errors.Add(new ValidationError("notice", "请填写国务院办公厅通知的标题（最多200字）", "give the State Council notice's title (at most 200 characters)"));
        }

        if (holidays.Count == 0)
        {
            errors.Add(new ValidationError("holidays", "请至少填写一个节日的放假日期", "give the days off of at least one holiday"));
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        var calendar = await LoadAsync(cancellationToken);
        if (calendar.Covers(year) && !replace)
        {
            throw DomainValidationException.Single("year", $"日历已有{year}年安排（{calendar.Year(year)!.NoticeTitle}）；如需替换请勾选“替换”",
                $"the calendar already has {year} ({calendar.Year(year)!.NoticeTitle}); choose to replace it");
        }

        HolidayCalendar updated;
        try
        {
            updated = calendar.WithYear(year, notice!, holidays);
        }
        catch (CalendarFormatException e)
        {
            throw DomainValidationException.Single("holidays", $"放假安排有误：{e.Reason}", $"the arrangement is wrong: {e.Reason}");
        }

        if (recompute is null)
        {
            await WriteAsync(updated, cancellationToken);
            running?.UseCalendar(updated);
            return new CalendarYearAdded(updated.Year(year)!, null);
        }

        if (years is not null)
        {
            // Kept in the recompute's transaction: a failed recompute keeps no year, and the hosts hear of it at the commit.
            var recomputed = await recompute.ApplyAsync(updated, year, notice!, appliedBy, (connection, transaction, ct) =>
                HolidayYearStore.SaveAsync(connection, transaction, year, notice!, updated.Year(year)!.Holidays, appliedBy, recompute.Clock.GetUtcNow(), ct), cancellationToken);
            running?.UseCalendar(updated);
            return new CalendarYearAdded(updated.Year(year)!, recomputed);
        }

        // The file is written last inside the recompute's transaction: a failed recompute writes no file, and a failed
        // commit puts the old file back.
        var before = await File.ReadAllTextAsync(path, cancellationToken);
        var written = false;
        try
        {
            var summary = await recompute.ApplyAsync(updated, year, notice!, appliedBy, async (_, _, ct) =>
            {
                await WriteAsync(updated, ct);
                written = true;
            }, cancellationToken);
            // The host that entered the year counts on it at once: later cases and jobs get final dates, not provisional ones.
            running?.UseCalendar(updated);
            return new CalendarYearAdded(updated.Year(year)!, summary);
        }
        catch when (written)
        {
            await File.WriteAllTextAsync(path, before, new UTF8Encoding(false), CancellationToken.None);
            throw;
        }
    }

    private async Task WriteAsync(HolidayCalendar updated, CancellationToken cancellationToken)
    {
        // Write beside the file and move over it, so a failure never leaves half a calendar.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, updated.Serialize(), new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>A year written to the calendar, and what recomputing the cases' deadlines on it changed (null without a database).</summary>
public sealed record CalendarYearAdded(CalendarYear Year, YearArrivalSummary? Recomputed);
