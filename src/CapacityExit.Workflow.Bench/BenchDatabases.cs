using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Demo;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The bench's databases: one template, migrated, with the demo registry and one real case opened through
/// <see cref="RegistryService"/> (an energy case in 郴州 found 200 days ago, so its six-month rectification
/// deadline is due); each measurement gets a fresh copy of it and clones that case N times in SQL.
/// </summary>
public sealed class BenchDatabases(BenchOptions options)
{
    public const string DeadlineKey = "rectifying/rectification-deadline";
    private const string Template = "bench_template";

    public long TemplateCaseId { get; private set; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(options.ServerConnectionString) { Database = database, MaxPoolSize = 60 }.ConnectionString;

    /// <summary>The host's services on <paramref name="database"/>, as the CLI builds them (no background loops).</summary>
    public IHost BuildHost(string database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = options.Root });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = ConnectionString(database) });
        builder.AddCapacityExitCore();
        builder.AddCapacityExitWorkflows(options.Root, runDispatcher: false);
        return builder.Build();
    }

    public async Task CreateTemplateAsync()
    {
        await ServerAsync($"drop database if exists {Template} with (force)");
        await ServerAsync($"create database {Template}");
        using (var host = BuildHost(Template))
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
            await using (var migrating = new CapacityExitDbContext(Database.Options(ConnectionString(Template))))
            {
                await Database.MigrateAsync(migrating, CancellationToken.None);
            }

            var time = TimeProvider.System;
            await DemoData.LoadAsync(db, time, CancellationToken.None, startWorkflows: null);
            var item = db.CapacityItems.First(i => i.Enterprise!.Name.StartsWith("郴州示例建材"));
            var bureau = db.Bureaus.Single(b => b.NameZh == "郴州市工业和信息化局");
            var found = ChinaTime.Today(time).AddDays(-200);
            var opened = await scope.ServiceProvider.GetRequiredService<RegistryService>().OpenCaseAsync(
                new NewCase(item.Id, "energy", found, "基准测试：能耗不达标限期整改", bureau.Id), CancellationToken.None);
            TemplateCaseId = opened.Id;
            // Only the rectification deadline stays pending: each clone then has exactly one due timer.
            await using var command = scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                "update capacity_exit.workflow_timers set status = 'Cancelled' where case_id = $1 and key <> $2 and status = 'Pending'");
            command.Parameters.Add(new NpgsqlParameter { Value = opened.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = DeadlineKey });
            await command.ExecuteNonQueryAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A fresh copy of the template; returns its connection string.</summary>
    public async Task<string> FreshAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await ServerAsync($"drop database if exists {database} with (force)");
        await ServerAsync($"create database {database} template {Template}");
        return ConnectionString(database);
    }

    /// <summary>
    /// Clones the template case <paramref name="count"/> times (case, instance, pending deadline). With
    /// <paramref name="firstDue"/>, the k-th clone's deadline is firstDue + k × step (for the lag run); otherwise
    /// every clone keeps the template's deadline, long due.
    /// </summary>
    public async Task CloneAsync(string cs, int count, DateTimeOffset? firstDue = null, TimeSpan? step = null)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("""
            update capacity_exit.workflow_timers set status = 'Cancelled' where case_id = @id;
            with clones as (
                insert into capacity_exit.cases (capacity_item_id, standard, finding_date, legal_basis, responsible_bureau_id, status, created_at)
                select capacity_item_id, standard, finding_date, legal_basis, responsible_bureau_id, status, created_at
                from capacity_exit.cases, generate_series(1, @n) g where id = @id order by g
                returning id)
            , instances as (
                insert into capacity_exit.workflow_instances (case_id, definition_id, version, profile_id, state, variables, started_at, updated_at, revision)
                select c.id, i.definition_id, i.version, i.profile_id, i.state, i.variables, i.started_at, i.updated_at, 0
                from clones c, capacity_exit.workflow_instances i where i.case_id = @id
                returning case_id)
            insert into capacity_exit.workflow_timers (case_id, key, kind, due_at, recipient_role, owner_state, payload, is_deadline, status, created_at)
            select n.case_id, t.key, t.kind,
                   coalesce(@first + (row_number() over (order by n.case_id) - 1) * @step, t.due_at),
                   t.recipient_role, t.owner_state, t.payload, t.is_deadline, 'Pending', t.created_at
            from instances n, capacity_exit.workflow_timers t where t.case_id = @id and t.key = @key and t.id = (
                select max(id) from capacity_exit.workflow_timers where case_id = @id and key = @key);
            """, connection))
        {
            command.CommandTimeout = 600;
            command.Parameters.AddWithValue("id", TemplateCaseId);
            command.Parameters.AddWithValue("n", count);
            command.Parameters.AddWithValue("key", DeadlineKey);
            command.Parameters.Add(new NpgsqlParameter("first", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)firstDue?.ToUniversalTime() ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("step", NpgsqlTypes.NpgsqlDbType.Interval) { Value = (object?)step ?? DBNull.Value });
            await command.ExecuteNonQueryAsync();
        }

        await ExecuteAsync(connection, "select capacity_exit.refresh_next_deadlines(null)");
        await ExecuteAsync(connection, "vacuum analyze");
        await ExecuteAsync(connection, "checkpoint");
    }

    public static async Task<long> CountAsync(NpgsqlDataSource source, string where)
    {
        await using var command = source.CreateCommand($"select count(*) from capacity_exit.workflow_timers where {where}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    public async Task ServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.ServerConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    /// <summary>A dispatcher as one host runs it, on its own connection pool.</summary>
    public static TimerDispatcher Dispatcher(NpgsqlDataSource source, WorkflowRuntime runtime, string hostId, int batchSize = 500) =>
        new(source, runtime, TimeProvider.System, new DispatcherOptions(batchSize, hostId),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TimerDispatcher>.Instance);
}
