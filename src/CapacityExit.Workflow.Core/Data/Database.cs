using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Schema upkeep: migrations are applied in order, each once and in its own transaction.</summary>
public static class Database
{
    public static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable("__ef_migrations_history", CapacityExitDbContext.Schema);

    public static DbContextOptions<CapacityExitDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<CapacityExitDbContext>().UseNpgsql(connectionString, ConfigureNpgsql).Options;

    /// <summary>
    /// Applies pending migrations and returns their names. EF Core takes a database lock while migrating,
    /// so two hosts starting together apply each migration once.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(CapacityExitDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
