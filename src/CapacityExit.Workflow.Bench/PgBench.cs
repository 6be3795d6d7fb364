using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>PostgreSQL's own ceiling on this server: pgbench -i, then pgbench -N -c 8 -j 2 -T seconds.</summary>
public sealed partial class PgBench(BenchDatabases databases, BenchOptions options)
{
    public async Task<double> RunAsync(BenchResults results)
    {
        NpgsqlConnection.ClearAllPools();
        await databases.ServerAsync("drop database if exists bench_pgbench with (force)");
        await databases.ServerAsync("create database bench_pgbench");
        var server = new NpgsqlConnectionStringBuilder(options.ServerConnectionString);
        string[] common = ["-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username ?? "postgres"];
        Progress.Step("pgbench -i (scale 1)");
        await RunProcessAsync([.. common, "-i", "-q", "bench_pgbench"], TimeSpan.FromMinutes(2));
        Progress.Step($"pgbench -N -c 8 -j 2 -T {options.PgbenchSeconds}");
        var output = await RunProcessAsync([.. common, "-N", "-c", "8", "-j", "2", "-T", options.PgbenchSeconds.ToString(CultureInfo.InvariantCulture),
            "-P", "5", "bench_pgbench"], TimeSpan.FromSeconds(options.PgbenchSeconds + 120));
        var match = Tps().Match(output);
        if (!match.Success)
        {
            results.Note("pgbench printed no tps line; not measured");
            return 0;
        }

        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private async Task<string> RunProcessAsync(string[] args, TimeSpan limit)
    {
        var start = new ProcessStartInfo(Path.Combine(options.PgBin, "pgbench")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pgbench did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        // pgbench -P writes its progress lines to stderr: pass them on as our progress display.
        var stderr = Task.Run(async () =>
        {
            string? line;
            while ((line = await process.StandardError.ReadLineAsync()) is not null)
            {
                if (line.StartsWith("progress:", StringComparison.Ordinal))
                {
                    Progress.Step("pgbench " + line);
                }
            }
        });
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench {string.Join(' ', args)} exited with {process.ExitCode}");
        }

        return await stdout;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
