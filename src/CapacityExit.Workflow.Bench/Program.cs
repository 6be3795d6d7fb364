using System.Diagnostics;
using CapacityExit.Workflow.Bench;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.Extensions.Logging;

// scripts/bench.sh runs this against the private PostgreSQL it started. stdout: name=value figures; stderr: progress.
var options = BenchOptions.Parse(args);
var results = new BenchResults();
var total = Stopwatch.StartNew();
var machine = await Machine.DescribeAsync(options.ServerConnectionString);
Progress.Step($"{machine.Cores} cores, {machine.Memory}, load {machine.LoadAtStart}; {machine.PostgreSql}");
if (options.Quick)
{
    results.Note($"--quick: {options.Timers:N0} timers for our dispatcher but {options.AlternativeTimers:N0} for Hangfire and Quartz (to stay under 3 minutes); fires/s is a rate, but a short run weighs start-up more");
}

var databases = new BenchDatabases(options);
using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var runtime = new WorkflowRuntime(WorkflowFileReader.LoadCatalog(ProjectPaths.Workflows(options.Root)), WorkflowFileReader.LoadCalendar(ProjectPaths.HolidayCalendar(options.Root)));
Progress.Step("template: migrating, demo registry, one energy case opened through RegistryService");
await databases.CreateTemplateAsync();
var statements = await Try("pg_stat_statements", async () =>
{
    await databases.ServerAsync("create extension if not exists pg_stat_statements");
    return true;
});

var dispatcher = new DispatcherBench(databases, runtime);
if (options.Runs("dispatcher") || options.Runs("profile"))
{
    // A host fires with warm code: a short untimed drain first, so the first timed one does not pay for the JIT.
    await Try("warm-up", () => dispatcher.DrainAsync("bench_warmup", 2_000, 1, 500, new BenchResults(quiet: true)));
}

if (options.Runs("dispatcher"))
{
    await Measure("dispatcher_fires_per_s", () => dispatcher.DrainAsync("bench_dispatch_1", options.Timers, 1, 500, results, statements));
    await Measure("dispatcher_2host_fires_per_s", () => dispatcher.DrainAsync("bench_dispatch_2", options.Timers, 2, 500, results));
    if (results.Get("dispatcher_2host_fires_per_s") is { } twoHosts)
    {
        results.Set("dispatcher_2host_drain_s", options.Timers / twoHosts);
    }

    foreach (var batch in options.BatchSweep)
    {
        await Measure($"dispatcher_batch{batch}_fires_per_s", () => dispatcher.DrainAsync($"bench_dispatch_b{batch}", options.Timers, 1, batch, results));
    }

    if (options.ClaimIndexExperiment)
    {
        await Measure("dispatcher_claim_index_fires_per_s", () => dispatcher.DrainAsync("bench_dispatch_ix", options.Timers, 1, 500, results,
            experiment: "create index ix_bench_pending_due_id on capacity_exit.workflow_timers (due_at, id) where status = 'Pending'; analyze capacity_exit.workflow_timers"));
    }
}

if (options.Runs("profile"))
{
    await Run("profile", () => new PhaseProfile(databases, runtime).RunAsync(options.ProfileTimers, 500, results));
}

if (options.Runs("hangfire"))
{
    await Measure("hangfire_fires_per_s", () => new HangfireBench(databases, runtime).RunAsync(options.AlternativeTimers, results));
}

if (options.Runs("quartz"))
{
    await Measure("quartz_fires_per_s", () => new QuartzBench(databases, runtime).RunAsync(options.AlternativeTimers, results));
}

if (options.Runs("pgbench"))
{
    await Measure("pgbench_tps", () => new PgBench(databases, options).RunAsync(results));
}

if (options.Runs("lag"))
{
    await Run("lag", () => new LagBench(databases, runtime, logging).RunAsync(options.LagSeconds, options.LagFiresPerSecond, results));
}

if (options.Runs("caselist"))
{
    await Run("case list", () => new CaseListBench(databases).RunAsync(options.CaseListCases, options.CaseListQueries, results));
}

if (options.Runs("web"))
{
    // --quick: a burst of 2,000 (the host drains only a few hundred a second under 50 people browsing on 2 cores).
    var burst = options.Quick ? options.AlternativeTimers : options.Timers;
    await Run("web", () => new WebPagesBench(databases, options).RunAsync(options.CaseListCases, burst, results));
}

if (options.Runs("census"))
{
    // Issue 17: the census (摸排) import, 10,000 rows (2,000 with --quick; --census-rows N), refused for its last row, then opened;
    // then 100,000 rows (not with --quick; --census-large-rows N) imported with the process's memory peak.
    await Run("census", () => new CensusBench(databases).RunAsync(options.CensusRows, options.CensusLargeRows, results));
}

if (options.Runs("census-bomb"))
{
    // The census upload under zip bombs (10 MB compressed, in the sheet and in sharedStrings.xml) and a million rows: the host's peak memory.
    await Run("census bombs", () => new CensusBombBench(databases, options).RunAsync(results));
}

results.SetRatios();
results.Set("bench_seconds", total.Elapsed.TotalSeconds);
var docs = options.DocsDirectory ?? Path.Combine(Path.GetTempPath(), "capacity-exit-bench");
Progress.Step($"report written to {Report.Write(docs, options, results, machine)}");
return 0;

async Task Run(string name, Func<Task> run) => await Try(name, async () =>
{
    await run();
    return true;
});

async Task Measure(string name, Func<Task<double>> run)
{
    var value = await Try(name, run);
    if (value > 0)
    {
        results.Set(name, value);
    }
}

async Task<T?> Try<T>(string name, Func<Task<T>> run)
{
    try
    {
        return await run();
    }
    catch (Exception e)
    {
        results.Note($"{name}: not measured: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        Console.Error.WriteLine(e);
        return default;
    }
}
