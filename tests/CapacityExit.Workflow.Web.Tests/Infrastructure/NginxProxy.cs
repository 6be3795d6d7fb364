using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

/// <summary>
/// Debian's nginx (installed by scripts/test.sh) in front of some hosts, round-robin, as docs/deploy.md configures it:
/// forwarded headers set, a host that stops answering skipped. Its own prefix folder, port and configuration; its
/// access log names the host that served each request (<see cref="ServedByAsync"/>).
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _prefix;

    private NginxProxy(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    private string AccessLog => Path.Combine(_prefix, "access.log");

    public static async Task<NginxProxy> StartAsync(IEnumerable<Uri> upstreams)
    {
        if (!File.Exists(Binary))
        {
            throw new FileNotFoundException("nginx is missing: scripts/test.sh installs Debian's nginx", Binary);
        }

        var prefix = Directory.CreateTempSubdirectory("capexit-nginx-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix, (UnixFileMode)0b111_111_111); // nginx's workers run as nobody
        }
        var port = FreePort();
        var servers = string.Concat(upstreams.Select(u => $"        server {u.Host}:{u.Port} max_fails=1 fail_timeout=30s;\n"));
        var config = $$"""
            daemon off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 256; }
            http {
                log_format upstream '$upstream_addr $status $request';
                access_log {{prefix}}/access.log upstream;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                client_max_body_size 90m;
                upstream capacity_exit {
            {{servers}}        keepalive 8;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://capacity_exit;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_next_upstream error timeout http_502 http_503;
                        proxy_read_timeout 120s;
                    }
                }
            }
            """;
        var file = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(file, config, new UTF8Encoding(false));
        var process = Process.Start(new ProcessStartInfo(Binary, ["-p", prefix, "-c", file])
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        var proxy = new NginxProxy(process, prefix, port);
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(100))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}\n{await proxy.ErrorLogAsync()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                // not listening yet
            }
        }
    }

    /// <summary>The upstream addresses (host:port) that served requests whose line contains <paramref name="path"/>, in order.</summary>
    public async Task<IReadOnlyList<string>> ServedByAsync(string path) =>
        File.Exists(AccessLog)
            ? (await File.ReadAllLinesAsync(AccessLog)).Where(l => l.Contains(path, StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList()
            : [];

    public async Task<string> ErrorLogAsync()
    {
        var log = Path.Combine(_prefix, "error.log");
        return File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // the master; its worker ends with it
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: left for the system's temporary-folder cleanup
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
