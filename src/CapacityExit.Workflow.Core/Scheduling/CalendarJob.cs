using CapacityExit.Workflow.Domain.Scheduling;
using Npgsql;

namespace CapacityExit.Workflow.Core.Scheduling;

/// <summary>
/// A job that runs on calendar days: Hangfire fires its cron in Asia/Shanghai; <see cref="Schedule"/> says, on our
/// holiday calendar, whether that day counts and for which nominal day. The body runs inside the transaction
/// that records the run, so its database effect happens once per nominal day.
/// </summary>
public interface ICalendarJob
{
    string Id { get; }

    /// <summary>Cron in Asia/Shanghai, e.g. "0 9 * * *" (every day 09:00); the schedule filters the days.</summary>
    string Cron { get; }

    CalendarJobSchedule Schedule { get; }

    /// <summary>Does the work for <paramref name="nominalDay"/>; returns a one-line summary for the run record.</summary>
    Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken);
}
