using System.Globalization;

namespace CapacityExit.Workflow.Bench;

/// <summary>What one run measures and how much: the full run, or --quick (under 3 minutes with the build).</summary>
public sealed record BenchOptions
{
    public required string ServerConnectionString { get; init; }

    public required string Root { get; init; }

    public bool Quick { get; init; }

    /// <summary>Due timers drained by our dispatcher, with one host and then with two.</summary>
    public int Timers { get; init; }

    /// <summary>Timers given to Hangfire and to Quartz (fewer than <see cref="Timers"/>: they are slow, and their rate does not depend on the count).</summary>
    public int AlternativeTimers { get; init; }

    public int PgbenchSeconds { get; init; }

    public int LagSeconds { get; init; }

    public int LagFiresPerSecond { get; init; } = 200;

    public int CaseListCases { get; init; }

    public int CaseListQueries { get; init; } = 200;

    /// <summary>Case list pages over HTTP one after another (and two thirds as many case pages), at <see cref="CaseListCases"/> cases.</summary>
    public int WebRequests { get; init; } = 300;

    /// <summary>Rows of the census (摸排) sheet imported (issue 17): 10,000, 2,000 with --quick, or --census-rows N.</summary>
    public int CensusRows { get; init; } = 10_000;

    /// <summary>Rows of the large census imported with the host's memory peak recorded: 100,000 (the row limit); none with --quick; --census-large-rows N.</summary>
    public int CensusLargeRows { get; init; } = 100_000;

    /// <summary>Timers for the per-phase profile of the dispatcher's batch (a separate drain, on fresh data).</summary>
    public int ProfileTimers { get; init; }

    /// <summary>Extra 1-host drains with other batch sizes, to see whether the default (500) is the right one.</summary>
    public int[] BatchSweep { get; init; } = [];

    /// <summary>A 1-host drain with an index on (due_at, id) of the pending timers, made in the bench's copy only: does the claim need it?</summary>
    public bool ClaimIndexExperiment { get; init; }

    /// <summary>Where docs/benchmarks.md and its chart go; null: a temporary folder (quick runs do not overwrite the docs).</summary>
    public string? DocsDirectory { get; init; }

    public string PgBin { get; init; } = "/usr/lib/postgresql/15/bin";

    /// <summary>--only a,b: run only these parts (dispatcher, profile, hangfire, quartz, pgbench, lag, caselist, web, census, census-bomb), to look into one.</summary>
    public string[]? Only { get; init; }

    public bool Runs(string part) => Only is null || Only.Contains(part, StringComparer.OrdinalIgnoreCase);

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int? Int(string name) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        var quick = args.Contains("--quick");
        var cs = Value("--connection") ?? Environment.GetEnvironmentVariable("BENCH_PG")
            ?? throw new ArgumentException("no server: pass --connection or set BENCH_PG (scripts/bench.sh does)");
        var timers = Int("--timers") ?? (quick ? 10_000 : 100_000);
        return new BenchOptions
        {
            ServerConnectionString = cs,
            Root = Value("--root") ?? Environment.GetEnvironmentVariable("CAPACITYEXIT_ROOT") ?? Directory.GetCurrentDirectory(),
            Quick = quick,
            Timers = timers,
            AlternativeTimers = Int("--alt-timers") ?? (quick ? 2_000 : 5_000),
            PgbenchSeconds = quick ? 10 : 20,
            LagSeconds = Int("--lag-seconds") ?? (quick ? 10 : 30),
            CaseListCases = Int("--cases") ?? (quick ? 10_000 : 100_000),
            CaseListQueries = Int("--queries") ?? 200,
            WebRequests = Int("--web-requests") ?? (quick ? 150 : 300),
            CensusRows = Int("--census-rows") ?? (quick ? 2_000 : 10_000),
            CensusLargeRows = Int("--census-large-rows") ?? (quick ? 0 : 100_000),
            ProfileTimers = timers,
            BatchSweep = quick ? [] : [100, 2_000],
            ClaimIndexExperiment = !quick || args.Contains("--claim-index"),
            DocsDirectory = Value("--only") is null && (args.Contains("--docs") || !quick) ? Path.Combine(Value("--root") ?? Environment.GetEnvironmentVariable("CAPACITYEXIT_ROOT") ?? ".", "docs") : null,
            Only = Value("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            PgBin = Environment.GetEnvironmentVariable("PG_BIN") ?? "/usr/lib/postgresql/15/bin",
        };
    }
}
