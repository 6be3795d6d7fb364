using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Infrastructure;

/// <summary>
/// The host's services (no web server, no background loops) on a fresh database with the demo registry, on a
/// virtual clock: a test moves time by months and calls the dispatcher itself.
/// </summary>
public sealed class WorkflowTestHost(string? root = null, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private IHost? _host;

    /// <summary>The installation root whose workflows/ the host loads (the checkout unless a test gives its own).</summary>
    public string Root { get; } = root ?? RepoPaths.Root;

    public TestDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 2, 0, 0, TimeSpan.Zero)); // 10:00 in Shanghai

    public IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = Database.ConnectionString,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.AddCapacityExitCore();
        var runtime = builder.AddCapacityExitWorkflows(Root, runDispatcher: false);
        builder.AddCapacityExitNotices(Root, runtime);
        _host = builder.Build();
        await using var scope = Services.CreateAsyncScope();
        await DemoData.LoadAsync(scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>(), Time, CancellationToken.None, startWorkflows: null);
    }

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        await Database.DisposeAsync();
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A dispatcher as one host would run it, on its own connection pool.</summary>
    public TimerDispatcher Dispatcher(string hostId, int batchSize = 500, NpgsqlDataSource? dataSource = null) => new(
        dataSource ?? Services.GetRequiredService<NpgsqlDataSource>(), Services.GetRequiredService<WorkflowRuntime>(), Time,
        new DispatcherOptions(batchSize, hostId), NullLogger<TimerDispatcher>.Instance);

    /// <summary>Opens a case on a demo enterprise of <paramref name="cityPrefix"/> for <paramref name="standard"/>, found on <paramref name="found"/>.</summary>
    public Task<long> OpenCaseAsync(string cityPrefix, string standard, DateOnly found, string bureauName, IReadOnlyDictionary<string, string>? variables = null) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var item = db.CapacityItems.First(i => i.Enterprise!.Name.StartsWith(cityPrefix));
            var bureau = db.Bureaus.Single(b => b.NameZh == bureauName);
            var opened = await sp.GetRequiredService<RegistryService>().OpenCaseAsync(
                new NewCase(item.Id, standard, found, "测试依据", bureau.Id, variables), CancellationToken.None);
            return opened.Id;
        });

    /// <summary>
    /// Makes <paramref name="total"/> cases of one opened case: the template keeps only its timer
    /// <paramref name="timerKey"/> pending, and each clone gets the case, its instance and that timer (in SQL, for speed).
    /// </summary>
    public Task CloneCaseAsync(long template, string timerKey, int total) => ExecuteAsync("""
        update capacity_exit.workflow_timers set status = 'Cancelled' where case_id = @id and key <> @key;
        with clones as (
            insert into capacity_exit.cases (capacity_item_id, standard, finding_date, legal_basis, responsible_bureau_id, status, created_at)
            select capacity_item_id, standard, finding_date, legal_basis, responsible_bureau_id, status, created_at
            from capacity_exit.cases, generate_series(2, @n) where id = @id
            returning id)
        , instances as (
            insert into capacity_exit.workflow_instances (case_id, definition_id, version, profile_id, state, variables, started_at, updated_at, revision)
            select c.id, i.definition_id, i.version, i.profile_id, i.state, i.variables, i.started_at, i.updated_at, 0
            from clones c, capacity_exit.workflow_instances i where i.case_id = @id
            returning case_id)
        insert into capacity_exit.workflow_timers (case_id, key, kind, due_at, recipient_role, owner_state, payload, status, created_at)
        select n.case_id, t.key, t.kind, t.due_at, t.recipient_role, t.owner_state, t.payload, 'Pending', t.created_at
        from instances n, capacity_exit.workflow_timers t where t.case_id = @id and t.key = @key and t.status = 'Pending';
        """, ("id", template), ("key", timerKey), ("n", total));

    public Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) => InScopeAsync(async sp =>
    {
        await using var command = sp.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    });

    public Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters) => InScopeAsync(async sp =>
    {
        await using var command = sp.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    });
}
