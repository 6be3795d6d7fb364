using System.Globalization;

namespace CapacityExit.Workflow.Cli;

/// <summary>
/// The project's own PostgreSQL that scripts/start.sh runs under .data/pg when no connection string is configured.
/// start.sh records the port it started the cluster on in <see cref="PortFile"/>; PostgreSQL's postmaster.pid says
/// the cluster is running. The tool uses it only when nothing else is configured, and says so.
/// </summary>
public static class ProjectCluster
{
    public const string PortFile = "capacity-exit.port";
    public const string Database = "capacity_exit";

    public static string Directory(string root) => Path.Combine(root, ".data", "pg");

    /// <summary>The private cluster's connection string and the note to print, or null when it is not running.</summary>
    public static (string ConnectionString, string Note)? Find(string root)
    {
        var dir = Directory(root);
        var portFile = Path.Combine(dir, PortFile);
        if (!File.Exists(Path.Combine(dir, "postmaster.pid")) || !File.Exists(portFile))
        {
            return null;
        }

        var text = File.ReadAllText(portFile).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliUsageException($"{portFile} 中记录的端口“{text}”无效；请重新运行 scripts/start.sh。",
                $"{portFile} records no valid port ('{text}'); run scripts/start.sh again.");
        }

        return ($"Host=127.0.0.1;Port={port};Username=postgres;Database={Database}",
            $"capacity-exit：未配置数据库连接，使用 scripts/start.sh 启动的本机私有数据库（{dir}，端口 {port}）。" +
            $" No connection string is configured: using the private cluster under {dir} (port {port}) that scripts/start.sh runs.");
    }
}
