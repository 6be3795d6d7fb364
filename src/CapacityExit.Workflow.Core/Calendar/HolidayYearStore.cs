using System.Text.Json;
using CapacityExit.Workflow.Domain.Deadlines;
using Npgsql;

namespace CapacityExit.Workflow.Core.Calendar;

/// <summary>A year's State Council arrangement as an administrator entered it (the page or <c>calendar add</c> with a database).</summary>
public sealed class HolidayYearRecord
{
    public int Year { get; set; }

    public required string NoticeTitle { get; set; }

    /// <summary>The holidays as JSON (<see cref="HolidayArrangement"/>s: name, days off, make-up working days).</summary>
    public required string Holidays { get; set; }

    public required string EnteredBy { get; set; }

    public DateTimeOffset EnteredAt { get; set; }
}

/// <summary>
/// The holiday years administrators enter, kept in PostgreSQL (<c>holiday_years</c>). The shipped file
/// (workflows/calendar/cn-holidays.txt) stays the starting data; a year entered here is laid over it (and replaces the
/// file's own arrangement of that year, if it has one). Entering a year notifies every host on the database
/// (<see cref="Channel"/>), which counts on it at once (<see cref="CalendarFileWatcher"/>).
/// </summary>
public sealed class HolidayYearStore(NpgsqlDataSource dataSource)
{
    /// <summary>The PostgreSQL notification channel a host listens on; the payload is the year entered.</summary>
    public const string Channel = "capacity_exit_holiday_years";

    /// <summary>The shipped calendar with every year entered in the database laid over it.</summary>
    public async Task<HolidayCalendar> MergeAsync(HolidayCalendar shipped, CancellationToken cancellationToken)
    {
        var merged = shipped;
        await using var command = dataSource.CreateCommand("select year, notice_title, holidays from capacity_exit.holiday_years order by year");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var holidays = JsonSerializer.Deserialize<List<HolidayArrangement>>(reader.GetString(2))!;
            merged = merged.WithYear(reader.GetInt32(0), reader.GetString(1), holidays);
        }

        return merged;
    }

    /// <summary>Keeps (or replaces) a year in the caller's transaction and tells every host once it commits.</summary>
    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int year, string notice,
        IReadOnlyList<HolidayArrangement> holidays, string enteredBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            insert into capacity_exit.holiday_years (year, notice_title, holidays, entered_by, entered_at)
            values (@year, @notice, @holidays::jsonb, @by, @at)
            on conflict (year) do update set notice_title = excluded.notice_title, holidays = excluded.holidays,
                entered_by = excluded.entered_by, entered_at = excluded.entered_at;
            """, connection, transaction);
        command.Parameters.AddWithValue("year", year);
        command.Parameters.AddWithValue("notice", notice);
        command.Parameters.AddWithValue("holidays", JsonSerializer.Serialize(holidays));
        command.Parameters.AddWithValue("by", enteredBy);
        command.Parameters.AddWithValue("at", at.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var notify = new NpgsqlCommand($"select pg_notify('{Channel}', @year)", connection, transaction);
        notify.Parameters.AddWithValue("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }
}
