using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CapacityExit.Workflow.Core.Hosting;

/// <summary>A configuration value that is wrong: which key, what was given, why it cannot be used.</summary>
public sealed class ConfigurationValueException(string key, string message) : Exception($"configuration '{key}': {message}")
{
    public string Key { get; } = key;
}

/// <summary>The host's settings, read once from appsettings.json and the environment, and checked.</summary>
public sealed record CapacityExitSettings(string ConnectionString, bool LoadDemoData, bool MigrateAtStartup)
{
    public const string ConnectionKey = "ConnectionStrings:Default";

    public static CapacityExitSettings From(IConfiguration configuration)
    {
        var connection = configuration[ConnectionKey];
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ConfigurationValueException(ConnectionKey,
                "no PostgreSQL connection string: set it in appsettings.json or the environment variable ConnectionStrings__Default " +
                "(scripts/start.sh sets it for the private cluster it starts)");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ConfigurationValueException(ConnectionKey, "the connection string names no Host");
            }
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationValueException(ConnectionKey, $"not a valid PostgreSQL connection string: {e.Message}");
        }

        return new CapacityExitSettings(
            connection,
            Bool(configuration, "CapacityExit:LoadDemoData", false),
            Bool(configuration, "CapacityExit:MigrateAtStartup", true));
    }

    internal static bool Bool(IConfiguration configuration, string key, bool fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw new ConfigurationValueException(key, $"'{text}' is not true or false");
    }
}
