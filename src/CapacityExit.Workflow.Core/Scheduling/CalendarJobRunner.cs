using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Scheduling;

public enum CalendarJobOutcome
{
    Ran,
    NotADayToRun,
    AlreadyRan,
}

/// <summary>What Hangfire calls for every calendar job: checks the day against our calendar, runs the body once.</summary>
public sealed class CalendarJobRunner(
    IEnumerable<ICalendarJob> jobs, HolidayCalendar calendar, NpgsqlDataSource dataSource, TimeProvider time, ILogger<CalendarJobRunner> logger)
{
    /// <summary>Runs the job if today is a day for it; the outcome's name is what the dashboard shows as the job's result.</summary>
    public async Task<string> RunAsync(string jobId, CancellationToken cancellationToken) => (await RunForOutcomeAsync(jobId, cancellationToken)).ToString();

    public async Task<CalendarJobOutcome> RunForOutcomeAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = jobs.SingleOrDefault(j => j.Id == jobId)
            ?? throw new InvalidOperationException($"no calendar job '{jobId}' is registered");
        var today = ChinaTime.Today(time);
        var nominal = job.Schedule.NominalDayServedOn(today, calendar);
        if (nominal is null)
        {
            logger.LogInformation("Calendar job {Job} does not run on {Today} ({Kind}: {Name})", jobId, today,
                calendar.Classify(today), calendar.HolidayName(today) ?? "-");
            return CalendarJobOutcome.NotADayToRun;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand(
            """
            insert into capacity_exit.calendar_job_runs (job_id, nominal_day, ran_on, ran_at, summary)
            values (@job, @nominal, @today, @now, '') on conflict (job_id, nominal_day) do nothing
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue("job", jobId);
            claim.Parameters.AddWithValue("nominal", nominal.Value);
            claim.Parameters.AddWithValue("today", today);
            claim.Parameters.AddWithValue("now", time.GetUtcNow().ToUniversalTime());
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                logger.LogInformation("Calendar job {Job} already ran for {Nominal}", jobId, nominal);
                return CalendarJobOutcome.AlreadyRan;
            }
        }

        var summary = await job.RunAsync(connection, transaction, nominal.Value, cancellationToken);
        await using (var record = new NpgsqlCommand(
            "update capacity_exit.calendar_job_runs set summary = @summary where job_id = @job and nominal_day = @nominal", connection, transaction))
        {
            record.Parameters.AddWithValue("summary", summary);
            record.Parameters.AddWithValue("job", jobId);
            record.Parameters.AddWithValue("nominal", nominal.Value);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Calendar job {Job} ran on {Today} for {Nominal}: {Summary}", jobId, today, nominal, summary);
        return CalendarJobOutcome.Ran;
    }
}
