using System.Diagnostics;
using System.Net.Sockets;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The real web host (the Release build of CapacityExit.Workflow.Web) as a process of its own on 127.0.0.1 and a
/// free port, with its dispatcher and Hangfire server, on one bench database. Disposing it kills it.
/// </summary>
public sealed class WebHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private WebHostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The host's process id (the dotnet process is the host itself), for its memory in /proc.</summary>
    public int ProcessId => _process.Id;

    public static string Dll(string root) => Path.Combine(root, "src", "CapacityExit.Workflow.Web", "bin", "Release", "net10.0", "CapacityExit.Workflow.Web.dll");

    /// <summary>Starts the host with <paramref name="settings"/> as environment variables and waits until /health answers.</summary>
    public static async Task<WebHostProcess> StartAsync(string root, IReadOnlyDictionary<string, string> settings, TimeSpan limit)
    {
        var dll = Dll(root);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("build src/CapacityExit.Workflow.Web in Release first (scripts/bench.sh does)", dll);
        }

        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["CAPACITYEXIT_ROOT"] = root;
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var host = new WebHostProcess(new Process { StartInfo = info }, new Uri($"http://127.0.0.1:{port}"));
        host._process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        await host.WaitForHealthAsync(limit);
        return host;
    }

    /// <summary>The host's last lines of output, to say why it failed.</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    private async Task WaitForHealthAsync(TimeSpan limit)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the web host exited with {_process.ExitCode}: {Tail()}");
            }

            try
            {
                using var response = await client.GetAsync("/health");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException($"the web host did not answer within {limit}: {Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
