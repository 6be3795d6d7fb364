using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>What the figures were measured on: the machine, its load, and the server's version and settings.</summary>
public sealed record Machine(string Cpu, int Cores, string Memory, string Os, string Runtime, string LoadAtStart, string PostgreSql, List<(string Name, string Value)> Settings)
{
    private static readonly string[] SettingNames =
    [
        "fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers", "max_wal_size", "checkpoint_timeout",
        "effective_io_concurrency", "max_connections", "track_commit_timestamp", "shared_preload_libraries",
    ];

    public static async Task<Machine> DescribeAsync(string serverConnectionString)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim()
            : "?";
        if (memory.EndsWith(" kB", StringComparison.Ordinal) && long.TryParse(memory[..^3], out var kb))
        {
            memory = string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB");
        }

        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        string version;
        await using (var command = new NpgsqlCommand("select version()", connection))
        {
            version = (string)(await command.ExecuteScalarAsync())!;
        }

        var settings = new List<(string, string)>();
        await using (var command = new NpgsqlCommand("select name, setting, unit from pg_settings where name = any($1) order by name", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = SettingNames });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                settings.Add((reader.GetString(0), reader.GetString(1) + (reader.IsDBNull(2) ? "" : " × " + reader.GetString(2))));
            }
        }

        return new Machine(cpu, Environment.ProcessorCount, memory, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
            load, version.Split(" on ")[0], settings);
    }
}
