using System.Diagnostics;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The case list and the case page over HTTP, from the real web host (a process of its own, with its dispatcher and
/// Hangfire server), at N cases of 郴州 (a city-level login sees them all): first one signed-in person loading pages
/// one after another; then 50 signed-in people browsing while the host's own dispatcher drains a burst of due timers.
/// </summary>
public sealed class WebPagesBench(BenchDatabases databases, BenchOptions options)
{
    public const int Users = 50;
    private const string Database = "bench_web";
    private const string ChenzhouCode = "431000";

    // City-level people of 郴州 and the administrator (who sits in 郴州): each sees every case generated here.
    private static readonly string[] Logins = ["chenzhou-office", "chenzhou-supervisor", "chenzhou-auditor", "admin"];

    public async Task RunAsync(int cases, int burst, BenchResults results)
    {
        var cs = await databases.FreshAsync(Database);
        var city = (int)await BenchDatabases.ScalarAsync(cs, $"select id from capacity_exit.jurisdictions where code = '{ChenzhouCode}'");
        Progress.Step($"web: generating {cases:N0} cases of 郴州 over the demo registry");
        await CaseListBench.GenerateAsync(cs, cases, city);
        // Where a dispatcher runs, a pending deadline is never long overdue: the generated ones fall in the coming year,
        // so the host has nothing to fire until the burst.
        await ExecuteAsync(cs, "update capacity_exit.workflow_timers set due_at = now() + interval '1 day' + random() * interval '365 days' where status = 'Pending'; select capacity_exit.refresh_next_deadlines(null)");
        await ExecuteAsync(cs, "vacuum analyze");
        var requests = await WebRequests.LoadAsync(cs, city);

        var uploads = Directory.CreateTempSubdirectory("capexit-bench-uploads");
        try
        {
            Progress.Step("web: starting the web host (Release build; demo accounts created at start-up)");
            await using var host = await WebHostProcess.StartAsync(options.Root, HostSettings(cs, uploads.FullName), TimeSpan.FromMinutes(3));
            results.Set("web_case_list_cases", cases);
            var sequential = new WebSequentialRun(databases, Database, host, requests);
            await sequential.RunAsync(Logins[0], options.WebRequests, results);
            await BurstAsync(cs, host, requests, burst, cases, results);
        }
        finally
        {
            uploads.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> HostSettings(string cs, string uploads) => new()
    {
        ["ConnectionStrings__Default"] = cs,
        // The registry is there already (the template's demo data): this only creates the demo people's accounts.
        ["CapacityExit__LoadDemoData"] = "true",
        // The burst's outbox rows are not delivered: mail is not what is measured, and would write 2 files a fire.
        ["CapacityExit__Mail__Enabled"] = "false",
        ["CapacityExit__Uploads__Root"] = uploads,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>
    /// Clones <paramref name="burst"/> cases whose deadline is far off, lets 50 people sign in and browse, then makes
    /// every one of those deadlines due at once and wakes the host's dispatcher; times the drain and the pages meanwhile.
    /// </summary>
    private async Task BurstAsync(string cs, WebHostProcess host, WebRequests requests, int burst, int cases, BenchResults results)
    {
        Progress.Step($"web: cloning {burst:N0} cases for the burst (deadline far off until the burst starts)");
        await databases.CloneAsync(cs, burst, DateTimeOffset.UtcNow.AddDays(400), TimeSpan.Zero);
        results.Set("web_cases_under_burst", cases + burst);
        var users = Enumerable.Range(0, Users).Select(_ => new WebUser(host.Address)).ToList();
        try
        {
            Progress.Step($"web: {Users} people signing in");
            await Task.WhenAll(users.Select((u, i) => u.SignInAsync(Logins[i % Logins.Length], CancellationToken.None)));
            var limit = TimeSpan.FromSeconds(options.Quick ? 120 : 600);
            var browsing = new WebBrowsing(users, requests);
            browsing.Start(maxPerUser: 10_000, limit + TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3)); // everyone past their first page
            var (seconds, fired) = await DrainAsync(cs, burst, limit, browsing);
            var samples = await browsing.StopAsync();
            if (fired < burst)
            {
                results.Note($"web: the host's dispatcher fired {fired:N0} of {burst:N0} in the {limit.TotalSeconds:0} s allowed");
            }

            results.Set("dispatcher_fires_per_s_under_browsing", fired / seconds);
            WebBrowsing.Report(samples, results);
            await DispatcherBench.CheckExactlyOnceAsync(cs, burst, results, "web host's dispatcher under browsing", recordOutbox: false);
        }
        finally
        {
            users.ForEach(u => u.Dispose());
        }
    }

    /// <summary>Makes the burst due, wakes the dispatcher, waits until it fired all (or the limit); returns the drain's seconds as the database saw them.</summary>
    private static async Task<(double Seconds, long Fired)> DrainAsync(string cs, int burst, TimeSpan limit, WebBrowsing browsing)
    {
        await using var source = NpgsqlDataSource.Create(cs);
        var fired = $"status = 'Fired' and key = '{BenchDatabases.DeadlineKey}'";
        await using (var command = source.CreateCommand("update capacity_exit.workflow_timers set due_at = now() where status = 'Pending' and due_at > now() + interval '399 days'"))
        {
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }

        var due = await TimestampAsync(source, "select clock_timestamp()");
        browsing.MarkDrain(start: true);
        await using (var notify = source.CreateCommand("select pg_notify('capacity_exit_timers', '')"))
        {
            await notify.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        long done;
        await using (var progress = Progress.Start($"web: host's dispatcher draining under {Users} people browsing", burst, () => BenchDatabases.CountAsync(source, fired)))
        {
            while ((done = await BenchDatabases.CountAsync(source, fired)) < burst && watch.Elapsed < limit)
            {
                await Task.Delay(250);
            }

            progress.Show(done, final: true);
        }

        browsing.MarkDrain(start: false);
        var last = await TimestampAsync(source, $"select max(fired_at) from capacity_exit.workflow_timers where {fired}");
        return (Math.Max(0.001, (last - due).TotalSeconds), done);
    }

    private static async Task<DateTimeOffset> TimestampAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await BenchDatabases.ExecuteAsync(connection, sql);
    }
}
