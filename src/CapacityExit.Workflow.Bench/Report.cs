using System.Globalization;
using System.Text;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// Writes the run into docs/benchmarks.md, between its markers (the prose around them is kept), and the
/// throughput chart docs/benchmarks-throughput.svg.
/// </summary>
public static class Report
{
    public const string Begin = "<!-- bench:begin (written by scripts/bench.sh; edit outside these markers) -->";
    public const string End = "<!-- bench:end -->";
    public const string ChartFile = "benchmarks-throughput.svg";

    public static string Write(string directory, BenchOptions options, BenchResults results, Machine machine)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "benchmarks.md");
        var block = Block(options, results, machine);
        var text = File.Exists(path) ? File.ReadAllText(path) : $"# Benchmarks\n\n{Begin}\n{End}\n";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? text[..start] + Begin + "\n" + block + End + text[(end + End.Length)..]
            : text.TrimEnd() + "\n\n" + Begin + "\n" + block + End + "\n";
        File.WriteAllText(path, text);
        File.WriteAllText(Path.Combine(directory, ChartFile), Chart.Svg(results));
        return path;
    }

    private static string Block(BenchOptions o, BenchResults r, Machine m)
    {
        string F(string name) => r.Get(name) is { } v ? BenchResults.Format(v) : "not measured";
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Create(inv, $"Run of {r.StartedAt:yyyy-MM-dd HH:mm} UTC, {(o.Quick ? "`--quick`" : "full")}: {o.Timers:N0} timers for our dispatcher, ") +
            string.Create(inv, $"{o.AlternativeTimers:N0} for Hangfire and for Quartz, lag at {o.LagFiresPerSecond}/s over {o.LagSeconds} s, case list at {o.CaseListCases:N0} cases."));
        sb.AppendLine();
        sb.AppendLine(string.Create(inv, $"Machine: {m.Cpu}, {m.Cores} cores, {m.Memory}; {m.Os}; {m.Runtime}; load average at start {m.LoadAtStart} ") +
            "(shared with other agents building and testing: figures are noisy, compare within one run).");
        sb.AppendLine($"Server: {m.PostgreSql}, a private cluster started for the run; " + string.Join(", ", m.Settings.Select(s => $"`{s.Name}={s.Value}`")) + ".");
        sb.AppendLine();
        sb.AppendLine("| figure | value |");
        sb.AppendLine("|---|---:|");
        foreach (var (name, value) in r.Figures)
        {
            sb.AppendLine(inv, $"| `{name}` | {BenchResults.Format(value)} |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"![throughput]({ChartFile})");
        sb.AppendLine();
        sb.AppendLine("| target | measured | |");
        sb.AppendLine("|---|---:|---|");
        Target(sb, "dispatcher ≥ 10× Hangfire", r.Get("ratio_vs_hangfire"), v => v >= 10, "×");
        Target(sb, "dispatcher ≥ 10× Quartz", r.Get("ratio_vs_quartz"), v => v >= 10, "×");
        Target(sb, "dispatcher ≥ pgbench -N TPS", r.Get("ratio_vs_pgbench"), v => v >= 1, "×");
        var drain = r.Get("dispatcher_2host_fires_per_s") is { } two && two > 0 ? 100_000 / two : (double?)null;
        Target(sb, $"100,000 due timers drained by 2 hosts < 60 s{(o.Timers == 100_000 ? "" : $" (extrapolated from {o.Timers:N0})")}", drain, v => v < 60, " s");
        Target(sb, "fire lag p99 < 1 s", r.Get("lag_p99_ms"), v => v < 1000, " ms");
        Target(sb, $"case list p95 < 150 ms at {o.CaseListCases:N0} cases", r.Get("case_list_p95_ms"), v => v < 150, " ms");
        Target(sb, $"case list over HTTP p95 < 200 ms a page at {o.CaseListCases:N0} cases", r.Get("web_case_list_p95_ms"), v => v < 200, " ms");
        sb.AppendLine();
        if (r.Notes.Count > 0)
        {
            sb.AppendLine("Notes of this run:");
            r.Notes.ForEach(n => sb.AppendLine("- " + n));
            sb.AppendLine();
        }

        if (r.Phases.Count > 0)
        {
            var wall = r.Phases[^1].Milliseconds;
            sb.AppendLine(inv, $"Where a batch's time goes (one host, batch 500, {o.ProfileTimers:N0} timers, {F("profile_fires_per_s")} fires/s under the stopwatches):");
            sb.AppendLine();
            sb.AppendLine("| phase | ms in total | share |");
            sb.AppendLine("|---|---:|---:|");
            foreach (var (phase, ms) in r.Phases)
            {
                sb.AppendLine(inv, $"| {phase} | {ms:0} | {100 * ms / wall:0}% |");
            }

            sb.AppendLine();
        }

        if (r.Statements.Count > 0)
        {
            sb.AppendLine("The real dispatcher's statements in the 1-host drain, by server time (pg_stat_statements):");
            sb.AppendLine();
            sb.AppendLine("| statement | calls | total ms | mean ms |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var (statement, calls, total, mean) in r.Statements)
            {
                sb.AppendLine(inv, $"| `{statement.Replace("|", "\\|", StringComparison.Ordinal)}` | {calls} | {total:0} | {mean:0.00} |");
            }

            sb.AppendLine();
        }

        WebStatements(sb, r);
        if (r.CaseListPlan is { } plan)
        {
            sb.AppendLine("The case list's slowest page load, as PostgreSQL ran the SQL EF Core generated:");
            sb.AppendLine();
            sb.AppendLine("```sql");
            sb.AppendLine(r.CaseListSql);
            sb.AppendLine("```");
            sb.AppendLine("```");
            sb.AppendLine(plan);
            sb.AppendLine("```");
        }

        return sb.ToString();
    }

    /// <summary>Where a page's time goes on the web path: the request against the database's share, and the top statements.</summary>
    private static void WebStatements(StringBuilder sb, BenchResults r)
    {
        foreach (var (phase, statements) in r.WebStatements)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"`{phase}` over HTTP, one person paging: {BenchResults.Format(r.Get($"{phase}_mean_ms") ?? 0)} ms a request on average, of which the database " +
                $"{BenchResults.Format(r.Get($"{phase}_db_ms_per_request") ?? 0)} ms (pg_stat_statements; the rest is the host: sign-in cookie, EF Core, Razor, the network); its top statements:");
            sb.AppendLine();
            sb.AppendLine("| statement | calls | total ms | mean ms |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var (statement, calls, total, mean) in statements)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| `{statement.Replace("|", "\\|", StringComparison.Ordinal)}` | {calls} | {total:0} | {mean:0.00} |");
            }

            sb.AppendLine();
        }
    }

    private static void Target(StringBuilder sb, string target, double? value, Func<double, bool> met, string unit) =>
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| {target} | {(value is { } v ? BenchResults.Format(v) + unit : "not measured")} | {(value is { } w ? (met(w) ? "met" : "**missed**") : "—")} |");
}
