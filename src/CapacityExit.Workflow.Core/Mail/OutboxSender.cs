using System.Net.Sockets;
using CapacityExit.Workflow.Core.Data.Model;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Mail;

/// <summary>What one batch (or a drain of several) did.</summary>
public sealed record OutboxBatchResult(int Claimed, int Sent, int Retrying, int Failed, string? ConnectionError)
{
    public static OutboxBatchResult Empty { get; } = new(0, 0, 0, 0, null);

    public OutboxBatchResult Plus(OutboxBatchResult other) =>
        new(Claimed + other.Claimed, Sent + other.Sent, Retrying + other.Retrying, Failed + other.Failed, other.ConnectionError ?? ConnectionError);
}

/// <summary>
/// Delivers the outbox. Any number of hosts run it at once: each claims a batch of due rows under a lease
/// (<see cref="OutboxStore"/>), composes them, sends them over one SMTP session and records each outcome the moment
/// the server answers. None is lost: a row leaves Pending only as Sent (the server accepted it) or Failed (a
/// permanent refusal, or <see cref="MailSettings.MaxTries"/> attempts). None is sent twice by us, except when a host
/// dies between the server's acceptance and the next statement; the copy sent again then has the same Message-ID.
/// </summary>
public sealed class OutboxSender(
    NpgsqlDataSource dataSource, IMailComposer composer, MailSettings settings, TimeProvider time, ILogger<OutboxSender> logger)
{
    /// <summary>How long a claim keeps other hosts off a row; a batch stops sending well before it runs out.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    private readonly OutboxStore _store = new(dataSource);

    /// <summary>Claims and delivers one batch. Returns what happened; a full batch means: call again.</summary>
    public async Task<OutboxBatchResult> SendBatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = OutboxStore.LeaseValue(now + Lease);
        var rows = await _store.ClaimAsync(now, lease, settings.BatchSize, cancellationToken);
        if (rows.Count == 0)
        {
            return OutboxBatchResult.Empty;
        }

        var batch = new BatchState();
        IMailTransport? transport = null;
        var next = 0;
        try
        {
            for (; next < rows.Count; next++)
            {
                // A slow batch must not outlive its claim, or another host would send the same rows.
                if (time.GetUtcNow() > lease - Lease / 2)
                {
                    logger.LogWarning("Outbox batch ran past half its lease; handing back {Count} unsent message(s)", rows.Count - next);
                    break;
                }

                var row = rows[next];
                if (row.Tries > settings.MaxTries)
                {
                    // Attempts that never reported back (a host died mid-send) used up the row's tries.
                    await FailAsync(row, lease, $"gave up after {row.Tries - 1} attempts; last: {row.LastReply ?? "no reply recorded"}", batch);
                    continue;
                }

                var mail = await ComposeAsync(row, lease, batch, cancellationToken);
                if (mail is null)
                {
                    continue;
                }

                if (transport is null)
                {
                    try
                    {
                        transport = settings.UsesPickup
                            ? new PickupTransport(settings.PickupDirectory)
                            : await SmtpTransport.ConnectAsync(settings, cancellationToken);
                    }
                    catch (Exception e) when (IsTransient(e, cancellationToken))
                    {
                        // Nobody to send to: every claimed row still waiting has had its attempt.
                        var reason = $"cannot reach {Destination}: {Describe(e)}";
                        logger.LogWarning("Outbox: {Reason}; {Count} message(s) retry later", reason, rows.Count - next);
                        batch.ConnectionError = reason;
                        for (; next < rows.Count; next++)
                        {
                            await RetryAsync(rows[next], lease, reason, batch);
                        }

                        break;
                    }
                }

                if (!await DeliverAsync(transport, row, mail, lease, batch, cancellationToken))
                {
                    next++;
                    break; // the session is gone; the rest are handed back below and go in the next batch
                }
            }
        }
        finally
        {
            if (transport is not null)
            {
                await transport.DisposeAsync();
            }

            if (next < rows.Count)
            {
                // Shutdown, a lost session or a long batch: the rows not attempted go back, due now, their attempt uncounted.
                await ReleaseAsync(rows.Skip(next).Select(r => r.Id).ToList(), lease);
            }
        }

        return new OutboxBatchResult(rows.Count, batch.Sent, batch.Retrying, batch.Failed, batch.ConnectionError);
    }

    /// <summary>Sends batches until nothing is due or the server cannot be reached.</summary>
    public async Task<OutboxBatchResult> DrainAsync(CancellationToken cancellationToken)
    {
        var total = OutboxBatchResult.Empty;
        OutboxBatchResult result;
        do
        {
            result = await SendBatchAsync(cancellationToken);
            total = total.Plus(result);
        }
        while (result.Claimed > 0 && result.ConnectionError is null);
        return total;
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => _store.NextDueAsync(cancellationToken);

    private async Task<OutgoingMail?> ComposeAsync(OutboxMessage row, DateTimeOffset lease, BatchState batch, CancellationToken cancellationToken)
    {
        try
        {
            return MailMessageFactory.Build(row, await composer.ComposeAsync(row, cancellationToken), time.GetUtcNow());
        }
        catch (MailCompositionException e)
        {
            await FailAsync(row, lease, $"cannot compose: {e.Message}", batch);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Outbox message {Id} could not be composed; retrying later", row.Id);
            await RetryAsync(row, lease, $"cannot compose: {Describe(e)}", batch);
        }

        return null;
    }

    /// <summary>Sends one message and records the outcome; false when the session is lost.</summary>
    private async Task<bool> DeliverAsync(IMailTransport transport, OutboxMessage row, OutgoingMail mail, DateTimeOffset lease, BatchState batch, CancellationToken cancellationToken)
    {
        string reply;
        try
        {
            reply = await transport.SendAsync(mail, cancellationToken);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            // A permanent refusal (e.g. 550 for an unknown mailbox): sending again changes nothing.
            await FailAsync(row, lease, Reply(e), batch);
            return true;
        }
        catch (SmtpCommandException e)
        {
            // 4xx: the server asks us to come back later; the session itself is still usable.
            await RetryAsync(row, lease, Reply(e), batch);
            return true;
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            // The session broke mid-message: the server may or may not have it; the same Message-ID goes again.
            batch.ConnectionError = $"delivery to {Destination} broke off: {Describe(e)}";
            await RetryAsync(row, lease, batch.ConnectionError, batch);
            return false;
        }

        // Recorded before anything else happens: this is the only window for a second copy.
        await _store.MarkSentAsync(row.Id, time.GetUtcNow(), reply, CancellationToken.None);
        batch.Sent++;
        return true;
    }

    private string Destination => settings.UsesPickup ? $"pickup folder {settings.PickupDirectory}" : $"{settings.Host}:{settings.Port}";

    // Outcomes are recorded without the stop token: a shutdown must not cut off the record of an attempt already made.
    private async Task RetryAsync(OutboxMessage row, DateTimeOffset lease, string reason, BatchState batch)
    {
        if (row.Tries >= settings.MaxTries)
        {
            await FailAsync(row, lease, $"gave up after {row.Tries} attempts; last: {reason}", batch);
            return;
        }

        var next = time.GetUtcNow() + OutboxBackoff.Delay(row.Tries, settings.BaseRetryDelay, Random.Shared.NextDouble());
        await _store.MarkRetryAsync(row.Id, lease, next, reason, CancellationToken.None);
        batch.Retrying++;
        logger.LogInformation("Outbox message {Id} attempt {Tries} failed ({Reason}); next attempt at {Next:O}", row.Id, row.Tries, reason, next);
    }

    private async Task FailAsync(OutboxMessage row, DateTimeOffset lease, string reason, BatchState batch)
    {
        await _store.MarkFailedAsync(row.Id, lease, reason, CancellationToken.None);
        batch.Failed++;
        logger.LogWarning("Outbox message {Id} ({Kind} to {Role}, case {Case}) failed for good: {Reason}", row.Id, row.Kind, row.RecipientRole, row.CaseId, reason);
    }

    private async Task ReleaseAsync(IReadOnlyList<long> ids, DateTimeOffset lease)
    {
        try
        {
            await _store.ReleaseAsync(ids, lease, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Not thrown on: it would hide the failure that ended the batch. The rows fall due again when the lease ends.
            logger.LogError(e, "Outbox: could not hand back {Count} unsent message(s); they are retried when their lease ends", ids.Count);
        }
    }

    /// <summary>Failures of the network or the server, as opposed to our own bugs (which propagate and show in /health).</summary>
    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        SocketException or IOException or TimeoutException or ProtocolException or SmtpCommandException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or AuthenticationException or SslHandshakeException => true,
        _ => false,
    };

    private static string Reply(SmtpCommandException e) =>
        e.Mailbox is { } mailbox ? $"{(int)e.StatusCode} {e.Message} ({mailbox.Address})" : $"{(int)e.StatusCode} {e.Message}";

    private static string Describe(Exception e) => e switch
    {
        SocketException s => $"{s.SocketErrorCode}: {s.Message}",
        SmtpCommandException c => Reply(c),
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private sealed class BatchState
    {
        public int Sent { get; set; }

        public int Retrying { get; set; }

        public int Failed { get; set; }

        public string? ConnectionError { get; set; }
    }
}
