using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Core.Data;
using Microsoft.EntityFrameworkCore;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>capacity-exit db migrate against a fresh, empty database on the real server.</summary>
[Collection("cli-environment")]
public sealed class DbCommandTests : IAsyncLifetime
{
    private readonly string _database = "t_cli_" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => TestDatabase.ExecuteOnServerAsync($"create database \"{_database}\"");

    public Task DisposeAsync() => TestDatabase.ExecuteOnServerAsync($"drop database if exists \"{_database}\" with (force)");

    [Fact]
    public async Task Migrate_applies_every_migration_once_then_reports_nothing_pending_and_loads_demo_data_on_request()
    {
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = _database, Pooling = false }.ConnectionString;
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", connection);
        try
        {
            var first = await Run("db", "migrate", "--demo");
            var second = await Run("db", "migrate");

            Assert.Equal(0, first.Code);
            await using var context = new CapacityExitDbContext(Database.Options(connection));
            Assert.Contains($"已应用 {context.Database.GetMigrations().Count()} 个迁移", first.Output);
            Assert.Contains("已载入演示数据", first.Output);
            Assert.Equal(0, second.Code);
            Assert.Contains("数据库结构已是最新", second.Output);
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var count = new NpgsqlCommand("select count(*) from capacity_exit.enterprises", db);
            Assert.Equal(12L, await count.ExecuteScalarAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        }
    }

    [Fact]
    public async Task An_unknown_sub_command_exits_2_with_the_reason()
    {
        var result = await Run("db", "drop");

        Assert.Equal(2, result.Code);
        Assert.Contains("expected the sub-command 'migrate'", result.Error);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error, TimeProvider.System, () => RepoPaths.Root));
        return (code, output.ToString(), error.ToString());
    }
}
