using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Registry;

public sealed class SchemaTests
{
    [Fact]
    public async Task Migrations_apply_each_once_and_a_second_run_applies_nothing()
    {
        var name = "t_schema_" + Guid.NewGuid().ToString("N")[..12];
        await TestDatabase.ExecuteOnServerAsync($"create database \"{name}\"");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = name, Pooling = false }.ConnectionString;
            await using var db = new CapacityExitDbContext(Database.Options(cs));
            var all = db.Database.GetMigrations().ToList();

            var first = await Database.MigrateAsync(db, CancellationToken.None);
            var second = await Database.MigrateAsync(db, CancellationToken.None);

            Assert.Equal(all, first);
            Assert.Empty(second);
            var history = await db.Database.SqlQueryRaw<string>("select \"MigrationId\" as \"Value\" from capacity_exit.__ef_migrations_history").ToListAsync();
            Assert.Equal(all, history.Order().ToList());
            var tables = await db.Database.SqlQueryRaw<string>(
                "select table_name as \"Value\" from information_schema.tables where table_schema = 'capacity_exit'").ToListAsync();
            Assert.Contains("cases", tables);
            Assert.Contains("enterprises", tables);
            Assert.Contains("capacity_items", tables);
        }
        finally
        {
            await TestDatabase.ExecuteOnServerAsync($"drop database if exists \"{name}\" with (force)");
        }
    }

    [Fact]
    public async Task Database_refuses_a_non_positive_capacity_even_past_the_service()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var db = database.NewContext();
        await Demo.DemoData.LoadAsync(db, TimeProvider.System, CancellationToken.None);
        var enterpriseId = await db.Enterprises.Select(e => e.Id).FirstAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(
            "insert into capacity_exit.capacity_items (enterprise_id, description, amount, unit) values ({0}, 'x', -5, '万吨/年')", enterpriseId));

        Assert.Equal("ck_capacity_items_amount_positive", error.ConstraintName);
    }
}
