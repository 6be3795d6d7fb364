using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace CapacityExit.Workflow.Integration.Tests.Infrastructure;

/// <summary>The real web host as a separate process (the built CapacityExit.Workflow.Web.dll), on a free port.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private string? _scratch;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    /// <summary>The process id (the dotnet process is the host itself); Hangfire names its server after it.</summary>
    public int Id => _process.Id;

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static HostProcess Start(IDictionary<string, string> environment)
    {
        if (!File.Exists(RepoPaths.WebDll))
        {
            throw new FileNotFoundException("build the solution first (scripts/test.sh does)", RepoPaths.WebDll);
        }

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [RepoPaths.WebDll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["CAPACITYEXIT_ROOT"] = RepoPaths.Root;
        // The host's files go to a folder of its own, not the checkout's .data/ (where scripts/start.sh keeps the demo's
        // mail and uploads): a test run leaves a person's demo folder as it found it.
        var scratch = Directory.CreateTempSubdirectory("capexit-host-").FullName;
        info.Environment["CapacityExit__Mail__PickupDirectory"] = Path.Combine(scratch, "mail-pickup");
        info.Environment["CapacityExit__Uploads__Root"] = Path.Combine(scratch, "uploads");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var host = new HostProcess(process, port) { _scratch = scratch };
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// A published build (<c>dotnet publish</c> output in <paramref name="folder"/>) started as an installation starts it:
    /// from <paramref name="workingDirectory"/>, with no installation root named and no file setting but those given.
    /// </summary>
    public static HostProcess StartPublished(string folder, string workingDirectory, IDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(folder, "CapacityExit.Workflow.Web.dll")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment.Remove(ProjectRootVariable);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var host = new HostProcess(process, port);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private const string ProjectRootVariable = "CAPACITYEXIT_ROOT";

    /// <summary>Waits until /health answers at all (healthy or not), or fails with the host's output.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                await client.GetAsync("/health");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too slow to answer this probe on a loaded machine: ask again until the limit.
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"the host did not listen within {limit}:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_scratch is not null && Directory.Exists(_scratch))
        {
            try
            {
                Directory.Delete(_scratch, recursive: true);
            }
            catch (IOException)
            {
                // a file still held open: the temporary folder is left for the system to clear
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
