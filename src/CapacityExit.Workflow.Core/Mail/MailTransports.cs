using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CapacityExit.Workflow.Core.Mail;

/// <summary>Where a batch's messages go: one SMTP session, or the pickup folder.</summary>
internal interface IMailTransport : IAsyncDisposable
{
    /// <summary>Delivers one message; returns the server's reply (or where the file went).</summary>
    Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>One SMTP session for a whole batch.</summary>
internal sealed class SmtpTransport : IMailTransport
{
    /// <summary>How long one SMTP command may take before the attempt counts as failed.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly SmtpClient _client;
    private readonly MailboxAddress _envelopeFrom;

    private SmtpTransport(SmtpClient client, MailboxAddress envelopeFrom)
    {
        _client = client;
        _envelopeFrom = envelopeFrom;
    }

    public static async Task<SmtpTransport> ConnectAsync(MailSettings settings, CancellationToken cancellationToken)
    {
        var host = settings.Host ?? throw new InvalidOperationException("no SMTP host configured");
        var socket = await OpenSocketAsync(host, settings.Port, cancellationToken);
        var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
        try
        {
            var security = settings.Security switch
            {
                MailSecurity.StartTls => SecureSocketOptions.StartTls,
                MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(socket, host, settings.Port, security, cancellationToken);
            if (settings.User is { } user)
            {
                await client.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
            }

            return new SmtpTransport(client, settings.From);
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Our own socket with Nagle off: MailKit's own would wait on the server's delayed ACK for each message's last
    /// segment (48 ms for a 25 KB message here, 3.8 ms without; PACKAGES.md).
    /// </summary>
    private static async Task<Socket> OpenSocketAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, timeout.Token);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
                return socket;
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
                last = e is OperationCanceledException ? new TimeoutException($"no answer from {address}:{port} within {CommandTimeout.TotalSeconds:0} s") : e;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    public async Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        // MailKit returns only the text of the server's final reply, and only when its code is 250; anything else throws.
        var reply = await _client.SendAsync(MailMessageFactory.Format, mail.Message, _envelopeFrom, mail.Recipients, cancellationToken);
        return $"250 {reply}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                // QUIT is a courtesy: the messages are already accepted and recorded.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or MailKit.ProtocolException or SmtpCommandException)
        {
            // The session is over either way; the caller has already recorded every message's outcome.
        }
        finally
        {
            _client.Dispose();
        }
    }
}

/// <summary>
/// No SMTP host: each message becomes an .eml file (CRLF line ends, no Bcc header) named after its Message-ID,
/// written beside and then renamed into place, so a reader never sees half a file and writing it again after a
/// crash replaces the same file instead of adding a second copy.
/// </summary>
internal sealed class PickupTransport(string directory) : IMailTransport
{
    public async Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        mail.Message.Bcc.Clear(); // none is set (MailMessageFactory keeps Bcc on the envelope); a pickup copy is read by others
        // As MailKit prepares a message for a server without 8BITMIME: every part gets a Content-Transfer-Encoding and the
        // file is 7-bit, so any client that opens it reads the Chinese text.
        mail.Message.Prepare(EncodingConstraint.SevenBit);
        var name = FileName(mail.Message.MessageId ?? throw new InvalidOperationException("a pickup copy needs its Message-ID"));
        var path = Path.Combine(directory, name);
        var partial = Path.Combine(directory, "." + name + ".partial");
        await using (var stream = File.Create(partial))
        {
            await mail.Message.WriteToAsync(MailMessageFactory.Format, stream, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
        return $"pickup {path}";
    }

    public static string FileName(string messageId)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(messageId.Select(c => invalid.Contains(c) || c is '<' or '>' ? '_' : c).ToArray());
        return safe + ".eml";
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
