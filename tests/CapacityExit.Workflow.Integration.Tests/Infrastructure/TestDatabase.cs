using CapacityExit.Workflow.Core.Data;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database on the real PostgreSQL that scripts/test.sh starts (CAPEXIT_TEST_PG).
/// Each instance gets its own database, copied from a template migrated once per test run.
/// Without the server the tests fail loudly: they never skip.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private const string Template = "capexit_template";
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool _templateReady;

    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString { get; private set; } = "";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("CAPEXIT_TEST_PG") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("CAPEXIT_TEST_PG is not set: run the tests through scripts/test.sh, which starts PostgreSQL.");

    public async Task InitializeAsync()
    {
        await EnsureTemplateAsync();
        await ExecuteOnServerAsync($"create database \"{Name}\" template {Template}");
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"drop database if exists \"{Name}\" with (force)");
    }

    public CapacityExitDbContext NewContext() => new(Database.Options(ConnectionString));

    private static async Task EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }

            // Rebuilt once per test run so it always has the current migrations.
            await ExecuteOnServerAsync($"drop database if exists {Template} with (force)");
            await ExecuteOnServerAsync($"create database {Template}");
            var cs = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Template, Pooling = false }.ConnectionString;
            await using (var db = new CapacityExitDbContext(Database.Options(cs)))
            {
                await Database.MigrateAsync(db, CancellationToken.None);
            }

            _templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
