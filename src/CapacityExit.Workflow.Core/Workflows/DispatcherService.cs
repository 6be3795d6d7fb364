using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>The dispatcher's last outcome, for /health: unhealthy while its last attempt failed.</summary>
public sealed class DispatcherHealth : IHealthCheck
{
    private volatile string? _lastError;
    private long _fired;

    public void Succeeded(int fired)
    {
        Interlocked.Add(ref _fired, fired);
        _lastError = null;
    }

    public void Failed(Exception e) => _lastError = e.Message;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_lastError is { } error
            ? HealthCheckResult.Unhealthy($"timer dispatcher failing: {error}")
            : HealthCheckResult.Healthy($"timer dispatcher running; {Interlocked.Read(ref _fired)} timers fired by this host"));
}

/// <summary>
/// Runs the dispatcher until the host stops: drains what is due (at start-up: everything overdue, in due order),
/// then sleeps until the next due time, at most <see cref="MaxWait"/>, waking early on a NOTIFY from a
/// transaction that scheduled a timer. A failure (database down) is logged, reported to /health and retried
/// with backoff; the loop never ends on its own.
/// </summary>
public sealed class DispatcherService(
    TimerDispatcher dispatcher, NpgsqlDataSource dataSource, TimeProvider time, DispatcherHealth health, ILogger<DispatcherService> logger)
    : BackgroundService
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NpgsqlConnection? listener = null;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                listener ??= await ListenAsync(stoppingToken);
                var fired = await dispatcher.DrainAsync(stoppingToken);
                health.Succeeded(fired);
                backoff = TimeSpan.FromSeconds(1);
                if (fired > 0)
                {
                    logger.LogInformation("Fired {Count} due timer(s)", fired);
                }

                var wait = await WaitTimeAsync(stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    await listener.WaitAsync(wait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                health.Failed(e);
                logger.LogError(e, "Timer dispatch failed; retrying in {Backoff}", backoff);
                if (listener is not null)
                {
                    await listener.DisposeAsync();
                    listener = null;
                }

                await Task.Delay(backoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }

        if (listener is not null)
        {
            await listener.DisposeAsync();
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"listen {TransitionWriter.TimerChannel}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private async Task<TimeSpan> WaitTimeAsync(CancellationToken cancellationToken)
    {
        var next = await dispatcher.NextDueAsync(cancellationToken);
        if (next is null)
        {
            return MaxWait;
        }

        var until = next.Value - time.GetUtcNow();
        if (until <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // Whole milliseconds, at least one: Npgsql reads a wait that rounds to 0 ms as "no time-out" and would sleep
        // until some other NOTIFY, however many timers were due meanwhile (found by the lag benchmark).
        var wait = TimeSpan.FromMilliseconds(Math.Ceiling(until.TotalMilliseconds));
        return wait < MaxWait ? wait : MaxWait;
    }
}
