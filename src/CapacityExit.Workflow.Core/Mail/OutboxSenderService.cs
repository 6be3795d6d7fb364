using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CapacityExit.Workflow.Core.Mail;

/// <summary>
/// The mail sender's last outcome, for /health: unhealthy while the sender itself fails (database down, a bug),
/// degraded while the mail server cannot be reached (messages wait and are retried, nothing is lost).
/// </summary>
public sealed class OutboxHealth : IHealthCheck
{
    private volatile string? _lastError;
    private volatile string? _unreachable;
    private long _sent;
    private long _failed;

    public void Succeeded(OutboxBatchResult result)
    {
        Interlocked.Add(ref _sent, result.Sent);
        Interlocked.Add(ref _failed, result.Failed);
        _lastError = null;
        if (result.Claimed > 0)
        {
            _unreachable = result.ConnectionError;
        }
    }

    public void Failed(Exception e) => _lastError = e.Message;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var counts = $"{Interlocked.Read(ref _sent)} sent, {Interlocked.Read(ref _failed)} failed for good by this host";
        return Task.FromResult(
            _lastError is { } error ? HealthCheckResult.Unhealthy($"mail sender failing: {error}")
            : _unreachable is { } reason ? HealthCheckResult.Degraded($"mail waiting, {reason}; {counts}")
            : HealthCheckResult.Healthy($"mail sender running; {counts}"));
    }
}

/// <summary>
/// Runs the outbox sender until the host stops: delivers what is due, then sleeps until the next attempt is due,
/// at most <see cref="MaxWait"/> (rows written by other hosts' transitions are seen within that). A failure of the
/// sender itself is logged, reported to /health and retried with a growing pause; the loop never ends on its own.
/// </summary>
public sealed class OutboxSenderService(
    IServiceScopeFactory scopes, TimeProvider time, OutboxHealth health, ILogger<OutboxSenderService> logger) : BackgroundService
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                TimeSpan wait;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    // Said plainly: until the template composer is registered, no mail can be composed at all.
                    _ = scope.ServiceProvider.GetService<IMailComposer>() ?? throw new InvalidOperationException(
                        "no IMailComposer is registered: register the template composer (services.AddScoped<IMailComposer, ...>) to send mail");
                    var sender = scope.ServiceProvider.GetRequiredService<OutboxSender>();
                    var result = await sender.DrainAsync(stoppingToken);
                    health.Succeeded(result);
                    if (result.Sent + result.Failed + result.Retrying > 0)
                    {
                        logger.LogInformation("Outbox: {Sent} sent, {Retrying} to retry, {Failed} failed for good", result.Sent, result.Retrying, result.Failed);
                    }

                    // After an unreachable server, wait the full pause rather than hammer it with the next due rows.
                    wait = result.ConnectionError is null ? Until(await sender.NextDueAsync(stoppingToken)) : MaxWait;
                }

                backoff = TimeSpan.FromSeconds(1);
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                health.Failed(e);
                logger.LogError(e, "Outbox sending failed; retrying in {Backoff}", backoff);
                await Task.Delay(backoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// How long to sleep until <paramref name="next"/>, between a floor (so rows another host holds locked for a
    /// moment do not spin this loop) and <see cref="MaxWait"/>.
    /// </summary>
    private TimeSpan Until(DateTimeOffset? next)
    {
        var floor = TimeSpan.FromMilliseconds(100);
        if (next is null)
        {
            return MaxWait;
        }

        var until = next.Value - time.GetUtcNow();
        return until < floor ? floor : until > MaxWait ? MaxWait : until;
    }
}
