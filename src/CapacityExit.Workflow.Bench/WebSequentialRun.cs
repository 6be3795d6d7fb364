using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// One signed-in person loading the case list, then case pages, one after another on an otherwise idle host; with
/// pg_stat_statements, how much of each page the database spent (where the time goes).
/// </summary>
public sealed class WebSequentialRun(BenchDatabases databases, string database, WebHostProcess host, WebRequests requests)
{
    public async Task RunAsync(string login, int count, BenchResults results)
    {
        using var user = new WebUser(host.Address);
        await user.SignInAsync(login, CancellationToken.None);
        var random = new Random(20261201);
        for (var i = 0; i < 10; i++)
        {
            // Untimed: the host's first requests compile views and warm EF Core's query cache and the pool.
            await user.GetAsync(requests.List(random), CancellationToken.None);
            await user.GetAsync(requests.Case(random), CancellationToken.None);
        }

        await Phase("web_case_list", count, user, () => requests.List(random), results);
        await Phase("web_case_page", count * 2 / 3, user, () => requests.Case(random), results);
    }

    private async Task Phase(string name, int count, WebUser user, Func<string> next, BenchResults results)
    {
        var statements = await ResetStatementsAsync();
        var timings = new List<double>();
        var failed = new List<string>();
        await using (var progress = Progress.Start(name.Replace('_', ' '), count, () => Task.FromResult((long)timings.Count)))
        {
            for (var i = 0; i < count; i++)
            {
                var path = next();
                var (ms, status) = await user.GetAsync(path, CancellationToken.None);
                timings.Add(ms);
                if (status != 200)
                {
                    failed.Add($"{status} {path}");
                }
            }

            progress.Show(timings.Count, final: true);
        }

        timings.Sort();
        results.Set($"{name}_p50_ms", Percentile(timings, 0.50));
        results.Set($"{name}_p95_ms", Percentile(timings, 0.95));
        results.Set($"{name}_p99_ms", Percentile(timings, 0.99));
        results.Set($"{name}_mean_ms", timings.Average());
        if (failed.Count > 0)
        {
            results.Note($"{name}: {failed.Count} of {count} answered other than 200, e.g. {failed[0]}");
        }

        if (statements)
        {
            await ReadStatementsAsync(name, count, results);
        }
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];

    private async Task<bool> ResetStatementsAsync()
    {
        try
        {
            await databases.ServerAsync("select pg_stat_statements_reset()");
            return true;
        }
        catch (PostgresException)
        {
            return false; // no pg_stat_statements on this server: the figures without the database's share
        }
    }

    /// <summary>The database's time per page (every statement of the bench's database, the host's idle polling included) and the top statements.</summary>
    private async Task ReadStatementsAsync(string name, int count, BenchResults results)
    {
        await using var connection = new NpgsqlConnection(databases.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select regexp_replace(query, '\s+', ' ', 'g'), calls, total_exec_time, mean_exec_time
            from pg_stat_statements s join pg_database d on d.oid = s.dbid
            where d.datname = '{database}' order by total_exec_time desc
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var total = 0.0;
        var top = new List<(string, long, double, double)>();
        while (await reader.ReadAsync())
        {
            total += reader.GetDouble(2);
            if (top.Count < 5)
            {
                var text = reader.GetString(0);
                top.Add((text.Length > 110 ? text[..110] + "…" : text, reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3)));
            }
        }

        results.Set($"{name}_db_ms_per_request", total / count);
        results.WebStatements[name] = top;
    }
}
