using System.Diagnostics;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The back office's case list at N cases: the demo registry's items, bureaus and cities, cases spread over them
/// (five standards, mostly open, found over two years, each open one with its pending deadline), then a few
/// hundred page loads with varied filters, sorts and pages, timed one after another.
/// </summary>
public sealed partial class CaseListBench(BenchDatabases databases)
{
    public async Task RunAsync(int cases, int queries, BenchResults results)
    {
        const string database = "bench_caselist";
        var cs = await databases.FreshAsync(database);
        Progress.Step($"case list: generating {cases:N0} cases over the demo registry");
        await GenerateAsync(cs, cases, cityId: 0);
        using var host = databases.BuildHost(database);
        var filters = Filters(host.Services, queries + 10);
        var measured = await TimeAsync(host.Services, filters, correlated: false);
        results.Set("case_list_cases", cases);
        results.Set("case_list_p50_ms", Percentile(measured, 0.50));
        results.Set("case_list_p95_ms", Percentile(measured, 0.95));
        results.Set("case_list_p99_ms", Percentile(measured, 0.99));
        results.Set("case_list_max_ms", measured[^1].Ms);
        var slowest = measured[^1].Filter;
        Progress.Step($"case list: slowest page load {measured[^1].Ms:0} ms for {slowest}");
        var correlated = await TimeAsync(host.Services, filters, correlated: true);
        results.Set("case_list_correlated_p50_ms", Percentile(correlated, 0.50));
        results.Set("case_list_correlated_p95_ms", Percentile(correlated, 0.95));
        results.Set("case_list_correlated_max_ms", correlated[^1].Ms);
        await ExplainAsync(host.Services, slowest, results);
    }

    /// <summary>Times each page load (rows and total) in turn; the first ten warm the pool and EF's query cache and are left out.</summary>
    private static async Task<List<(double Ms, CaseListFilter Filter)>> TimeAsync(IServiceProvider services, List<CaseListFilter> filters, bool correlated)
    {
        var timings = new List<(double Ms, CaseListFilter Filter)>();
        var label = correlated ? "case list, deadline by subquery per case" : "case list page loads";
        await using (var progress = Progress.Start(label, filters.Count, () => Task.FromResult((long)timings.Count)))
        {
            foreach (var filter in filters)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
                var watch = Stopwatch.StartNew();
                await CaseListQuery.PageAsync(db, filter, correlated, CancellationToken.None);
                timings.Add((watch.Elapsed.TotalMilliseconds, filter));
            }

            progress.Show(timings.Count, final: true);
        }

        return timings.Skip(10).OrderBy(t => t.Ms).ToList();
    }

    /// <summary>
    /// Generates <paramref name="cases"/> cases over the demo registry's items (<paramref name="cityId"/>: only that
    /// city's, 0: all), then vacuums and analyzes.
    /// </summary>
    public static async Task GenerateAsync(string cs, int cases, int cityId)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(GenerateSql, connection) { CommandTimeout = 900 })
        {
            command.Parameters.AddWithValue("n", cases);
            command.Parameters.AddWithValue("city", cityId);
            await command.ExecuteNonQueryAsync();
        }

        // Written past the transitions, so the instances' kept next deadline is refreshed as a migration would.
        await BenchDatabases.ExecuteAsync(connection, "select capacity_exit.refresh_next_deadlines(null)");
        await BenchDatabases.ExecuteAsync(connection, "vacuum analyze");
    }

    private static double Percentile(List<(double Ms, CaseListFilter Filter)> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)].Ms;

    private static List<CaseListFilter> Filters(IServiceProvider services, int count)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        var bureaus = db.Bureaus.Select(b => b.Id).ToList();
        var cities = db.Jurisdictions.Where(j => j.Level == JurisdictionLevel.PrefectureCity).Select(j => j.Id).ToList();
        var random = new Random(20261123);
        var statuses = new CaseStatus?[] { CaseStatus.Open, CaseStatus.Open, CaseStatus.Open, null, CaseStatus.Compliant, CaseStatus.Exited };
        return Enumerable.Range(0, count).Select(_ =>
        {
            var where = random.Next(3);
            return new CaseListFilter(
                statuses[random.Next(statuses.Length)],
                random.Next(3) == 0 ? null : Enum.GetValues<Standard>()[random.Next(5)],
                where == 1 ? bureaus[random.Next(bureaus.Count)] : null,
                where == 2 ? cities[random.Next(cities.Count)] : null,
                random.Next(2) == 0 ? CaseListSort.NextDeadline : CaseListSort.FindingDateNewest,
                random.Next(4) == 0 ? random.Next(1, 20) : 0);
        }).ToList();
    }

    /// <summary>EXPLAIN ANALYZE of the SQL EF generated for the slowest page, its parameters written in as literals.</summary>
    private static async Task ExplainAsync(IServiceProvider services, CaseListFilter filter, BenchResults results)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        var text = CaseListQuery.Rows(db, filter).ToQueryString();
        var parameters = Parameter().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var sql = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        foreach (var (name, value) in parameters.OrderByDescending(p => p.Key.Length))
        {
            sql = sql.Replace(name, $"'{value.Replace("'", "''", StringComparison.Ordinal)}'", StringComparison.Ordinal);
        }

        results.CaseListSql = sql.Trim();
        await using var command = scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>().CreateCommand("explain (analyze, costs off, timing on) " + sql);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        results.CaseListPlan = $"-- {filter}\n" + string.Join('\n', plan);
    }

    [GeneratedRegex(@"^-- (@\w+)='(.*?)'(?: \([^)]*\))*\r?$", RegexOptions.Multiline)]
    private static partial Regex Parameter();

    // Each open case in its definition's first state, each closed one in a state its definition has (technology cases
    // are never 'compliant': they exit), so the case page can show any of them.
    // Cases spread over the demo registry (or one city of it): a random item, a bureau of the item's city, a standard, a status, a
    // finding date in the last two years; every case its instance; an open case its pending deadline.
    private const string GenerateSql = """
        select setseed(0.2026);
        create temp table items as
            select ci.id, j.parent_id as city_id from capacity_exit.capacity_items ci
            join capacity_exit.enterprises e on e.id = ci.enterprise_id join capacity_exit.jurisdictions j on j.id = e.county_id
            where @city = 0 or j.parent_id = @city;
        create temp table gen as
            select g, (select id from items order by random() + g * 0 limit 1) as item_id, random() as r1, random() as r2, random() as r3
            from generate_series(1, @n) g;
        with made as (
            insert into capacity_exit.cases (capacity_item_id, standard, finding_date, legal_basis, responsible_bureau_id, status, created_at)
            select gen.item_id,
                   (array['Energy','Environment','Quality','Safety','Technology'])[1 + floor(gen.r1 * 5)::int],
                   current_date - floor(gen.r2 * 730)::int, '基准测试',
                   (select b.id from capacity_exit.bureaus b where b.jurisdiction_id = items.city_id order by random() + gen.g * 0 limit 1),
                   case when gen.r3 < 0.75 then 'Open' when gen.r3 < 0.87 and gen.r1 < 0.8 then 'Compliant' when gen.r3 < 0.95 then 'Exited' else 'Withdrawn' end,
                   now()
            from gen join items on items.id = gen.item_id
            returning id, standard, status, finding_date)
        , inst as (
            insert into capacity_exit.workflow_instances (case_id, definition_id, version, profile_id, state, variables, started_at, updated_at, finished_at, revision)
            select id, lower(standard), 1, 'chenzhou-2017',
                   case when status <> 'Open' then lower(status) when standard = 'Energy' then 'rectifying' when standard = 'Environment' then 'restricted'
                        when standard = 'Quality' then 'stopped-rectifying' when standard = 'Safety' then 'suspended' else 'assessing' end, '{}'::jsonb,
                   now(), now(), case when status = 'Open' then null else now() end, 0
            from made returning case_id)
        insert into capacity_exit.workflow_timers (case_id, key, kind, due_at, recipient_role, owner_state, payload, is_deadline, status, created_at)
        select id, 'rectifying/rectification-deadline', 'deadline', (finding_date + 182)::timestamp at time zone 'Asia/Shanghai' + interval '1 day',
               'case-officer', 'rectifying', null, true, 'Pending', now()
        from made where status = 'Open';
        """;
}
