using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using MimeKit;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>
/// A real aiosmtpd (Debian's python3-aiosmtpd under /usr/bin/python3) of the test's own, storing into a Maildir,
/// with <c>smtp_server.RejectingMailbox</c> as its handler (550 for addresses starting with "reject"). A test can stop
/// and start it again on the same port. Without aiosmtpd the test fails and says what to install; it never skips.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private Process? _process;
    private string _stderr = "";

    public SmtpServer(string maildir, int? port = null)
    {
        Maildir = maildir;
        Port = port ?? FreePort();
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }
    }

    public int Port { get; }

    public string Maildir { get; }

    public static async Task<SmtpServer> StartAsync(string maildir)
    {
        var server = new SmtpServer(maildir);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: the mail tests need Debian's python3 with python3-aiosmtpd (scripts/test.sh installs it)");
        }

        var info = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "smtp_server.RejectingMailbox", Maildir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        info.Environment["PYTHONPATH"] = Path.Combine(RepoPaths.Root, "tests", "CapacityExit.Workflow.Integration.Tests", "Mail");
        var process = Process.Start(info)!;
        _process = process;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (process.HasExited)
            {
                _stderr = await stderr;
                throw new InvalidOperationException(
                    $"aiosmtpd exited with {process.ExitCode} before listening on {Port} (is python3-aiosmtpd installed? scripts/test.sh installs it):\n{_stderr}");
            }

            if (await ListensAsync(Port))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"aiosmtpd did not listen on 127.0.0.1:{Port} within 15 s");
    }

    /// <summary>Kills the server (as a crash or an outage would), then waits until its port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every stored message, parsed back with MimeKit.</summary>
    public IReadOnlyList<MimeMessage> Messages() => ReadMaildir(Maildir);

    public static IReadOnlyList<MimeMessage> ReadMaildir(string maildir) =>
        Directory.GetFiles(Path.Combine(maildir, "new")).Concat(Directory.GetFiles(Path.Combine(maildir, "cur")))
            .Select(f => MimeMessage.Load(f)).ToList();

    public async ValueTask DisposeAsync() => await StopAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
