using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Calendar;

/// <summary>
/// A running host picks up a year's arrangement entered elsewhere. With a database (<paramref name="years"/>): the
/// calendar is the shipped file with the years of <c>holiday_years</c> laid over it; the host listens for the
/// notification an entered year sends (<see cref="HolidayYearStore.Channel"/>) and counts on it at once, and looks
/// again every minute in case a notification was missed (the listening connection lost). Without one: once a minute it
/// looks at the calendar file and, when it changed, reads it. Either way it swaps the calendar only when what it read
/// reads cleanly and differs (<see cref="WorkflowRuntime.UseCalendar"/>). The deadlines already computed were moved by
/// the process that entered the year (YearArrivalRecompute); this only keeps the running host's later dates right. A
/// file that does not read is logged and the calendar in use is kept.
/// </summary>
public sealed class CalendarFileWatcher(string path, WorkflowRuntime runtime, TimeProvider time, ILogger<CalendarFileWatcher> logger,
    HolidayYearStore? years = null, NpgsqlDataSource? dataSource = null) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private DateTime _seen = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;

    /// <summary>Reads the calendar if it may have changed; true when the host now counts on a different calendar.</summary>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var written = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        if (written == _seen && years is null)
        {
            return false;
        }

        _seen = written;
        HolidayCalendar read;
        try
        {
            read = HolidayCalendar.Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
            if (years is not null)
            {
                read = await years.MergeAsync(read, cancellationToken);
            }
        }
        catch (Exception e) when (e is CalendarFormatException or IOException)
        {
            logger.LogError("The holiday calendar {Path} changed but does not read ({Reason}); the host keeps the years {Years}", path, e.Message,
                string.Join(", ", runtime.Calendar.CoveredYears));
            return false;
        }

        if (read.Serialize() == runtime.Calendar.Serialize())
        {
            return false;
        }

        runtime.UseCalendar(read);
        logger.LogInformation("Holiday calendar reloaded: years {Years}", string.Join(", ", read.CoveredYears));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (years is not null && dataSource is not null)
        {
            await ListenAsync(dataSource, stoppingToken);
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One connection listening for entered years; a minute without news, or a lost connection, reads anyway.</summary>
    private async Task ListenAsync(NpgsqlDataSource source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {HolidayYearStore.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await CheckAsync(stoppingToken); // a year entered while this host was not listening
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(Interval, stoppingToken); // a notification, or a minute passed
                    await CheckAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                logger.LogWarning("Listening for holiday years entered on other hosts failed ({Reason}); trying again shortly", e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
