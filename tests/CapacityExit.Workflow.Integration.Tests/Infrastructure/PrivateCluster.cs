using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own, made and run by the project's script library (scripts/lib/common.sh:
/// as the postgres user when root), for tests that stop, restart or restore a server without touching the shared one.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _workDirectory = Directory.CreateTempSubdirectory("capexit-cluster-").FullName;

    public PrivateCluster()
    {
        Port = FreePort();
        // The postgres user must reach the data directory.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_workDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_workDirectory, "pg");

    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 5 }.ConnectionString;

    public Task StartAsync() => LibraryAsync($"pg_init '{DataDirectory}' && pg_start '{DataDirectory}' {Port} fsync=off");

    public Task StopAsync() => LibraryAsync($"pg_stop '{DataDirectory}'");

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a line of bash with scripts/lib/common.sh loaded; fails with its output.</summary>
    public static async Task<string> LibraryAsync(string script)
    {
        var info = new ProcessStartInfo("bash", ["-c", $"source '{Path.Combine(RepoPaths.Root, "scripts", "lib", "common.sh")}' && {script}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{script}` exited {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync();
        }
        finally
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
