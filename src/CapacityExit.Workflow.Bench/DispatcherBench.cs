using System.Diagnostics;
using CapacityExit.Workflow.Core.Workflows;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// Our <see cref="TimerDispatcher"/> (the real class: claim with SKIP LOCKED, engine transition, history and outbox
/// rows, one commit per batch) draining N due timers, with one host or with several, each on its own pool.
/// </summary>
public sealed class DispatcherBench(BenchDatabases databases, WorkflowRuntime runtime)
{
    /// <summary>Drains <paramref name="timers"/> due timers with <paramref name="hosts"/> dispatchers at once; returns fires per second.</summary>
    /// <param name="experiment">SQL run on the bench's copy after the clone (e.g. an index to try), never on Core's schema.</param>
    public async Task<double> DrainAsync(string database, int timers, int hosts, int batchSize, BenchResults results, bool statements = false, string? experiment = null)
    {
        var cs = await databases.FreshAsync(database);
        Progress.Step($"{database}: cloning {timers:N0} due cases");
        await databases.CloneAsync(cs, timers);
        if (experiment is not null)
        {
            Progress.Step($"{database}: trying {experiment}");
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            await BenchDatabases.ExecuteAsync(connection, experiment);
        }

        var walBefore = await BenchDatabases.ScalarAsync(cs, "select pg_current_wal_lsn() - '0/0'");
        if (statements)
        {
            await databases.ServerAsync("select pg_stat_statements_reset()");
        }

        var sources = Enumerable.Range(0, hosts).Select(_ => NpgsqlDataSource.Create(cs)).ToList();
        await using var probe = NpgsqlDataSource.Create(cs);
        var label = $"dispatcher {hosts} host{(hosts > 1 ? "s" : "")}, batch {batchSize}";
        var watch = Stopwatch.StartNew();
        long fired;
        await using (var progress = Progress.Start(label, timers, () => BenchDatabases.CountAsync(probe, "status = 'Fired'")))
        {
            // DrainAsync stops at a short batch (another host held the rest); a host's loop would go round again: so do we.
            while (await BenchDatabases.CountAsync(probe, "status = 'Pending' and due_at <= now()") > 0)
            {
                var dispatchers = sources.Select((s, i) => BenchDatabases.Dispatcher(s, runtime, $"bench-host-{i + 1}", batchSize)).ToList();
                await Task.WhenAll(dispatchers.Select(d => Task.Run(() => d.DrainAsync(CancellationToken.None))));
            }

            watch.Stop();
            fired = await BenchDatabases.CountAsync(probe, "status = 'Fired'");
            progress.Show(fired, final: true);
        }

        foreach (var source in sources)
        {
            await source.DisposeAsync();
        }

        if (statements)
        {
            await ReadStatementsAsync(results);
            // The write volume the server has to absorb per fire (heap, indexes, full-page images): what scales with the country.
            results.Set("wal_kb_per_fire", (await BenchDatabases.ScalarAsync(cs, "select pg_current_wal_lsn() - '0/0'") - walBefore) / 1024.0 / timers);
        }

        await CheckExactlyOnceAsync(cs, timers, results, label);
        return timers / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Each timer fired once in effect: one history line per case for the deadline, every case moved on, an outbox row each.</summary>
    public static async Task CheckExactlyOnceAsync(string cs, int timers, BenchResults results, string label, bool recordOutbox = true)
    {
        var key = BenchDatabases.DeadlineKey;
        var fired = await BenchDatabases.ScalarAsync(cs, $"select count(*) from capacity_exit.workflow_timers where status = 'Fired' and key = '{key}'");
        var failed = await BenchDatabases.ScalarAsync(cs, "select count(*) from capacity_exit.workflow_timers where status = 'Failed'");
        var history = await BenchDatabases.ScalarAsync(cs, $"select count(*) from capacity_exit.case_history where timer_key = '{key}'");
        var cases = await BenchDatabases.ScalarAsync(cs, $"select count(distinct case_id) from capacity_exit.case_history where timer_key = '{key}'");
        var moved = await BenchDatabases.ScalarAsync(cs, "select count(*) from capacity_exit.workflow_instances where state = 'reinspection'");
        var outbox = await BenchDatabases.ScalarAsync(cs, "select count(*) from capacity_exit.outbox_messages");
        if (fired != timers || failed != 0 || history != timers || cases != timers || moved != timers)
        {
            results.Note($"{label}: NOT exactly once: fired {fired}, failed {failed}, history {history} on {cases} cases, {moved} moved on, of {timers}");
        }
        else
        {
            Progress.Step($"{label}: checked: {timers:N0} fired once each, {history:N0} history lines, {outbox:N0} outbox rows");
        }

        if (recordOutbox && results.Get("outbox_rows_per_fire") is null)
        {
            results.Set("outbox_rows_per_fire", (double)outbox / timers);
        }
    }

    private async Task ReadStatementsAsync(BenchResults results)
    {
        await using var connection = new NpgsqlConnection(databases.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select regexp_replace(query, '\s+', ' ', 'g'), calls, total_exec_time, mean_exec_time
            from pg_stat_statements s join pg_database d on d.oid = s.dbid
            where d.datname like 'bench_dispatch_1%' order by total_exec_time desc limit 10
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var text = reader.GetString(0);
            results.Statements.Add((text.Length > 110 ? text[..110] + "…" : text, reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3)));
        }
    }
}
