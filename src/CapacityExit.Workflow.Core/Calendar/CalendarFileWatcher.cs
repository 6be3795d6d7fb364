using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CapacityExit.Workflow.Core.Calendar;

/// <summary>
/// A running host picks up a year's arrangement entered by another process (`scripts/capacity-exit calendar add`, or
/// another host writing the shared file): once a minute it looks at the calendar file and, when it changed and reads
/// cleanly, counts on it from then on (<see cref="WorkflowRuntime.UseCalendar"/>). The deadlines already computed were
/// moved by the process that entered the year (YearArrivalRecompute); this only keeps the running host's later dates
/// right. A file that does not read is logged and the calendar in use is kept.
/// </summary>
public sealed class CalendarFileWatcher(string path, WorkflowRuntime runtime, TimeProvider time, ILogger<CalendarFileWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private DateTime _seen = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;

    /// <summary>Reads the file if it changed since it was last seen; true when the host now counts on a different calendar.</summary>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var written = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        if (written == _seen)
        {
            return false;
        }

        _seen = written;
        HolidayCalendar read;
        try
        {
            read = HolidayCalendar.Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
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
        logger.LogInformation("Holiday calendar reloaded from {Path}: years {Years}", path, string.Join(", ", read.CoveredYears));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
}
