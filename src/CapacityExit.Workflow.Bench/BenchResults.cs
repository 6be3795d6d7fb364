using System.Globalization;

namespace CapacityExit.Workflow.Bench;

/// <summary>The figures of one run, printed as name=value on stdout as they come, and the notes that qualify them.</summary>
public sealed class BenchResults(bool quiet = false)
{
    private readonly Dictionary<string, double> _figures = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    /// <summary>Per-phase time of the dispatcher's batch, in order: phase, milliseconds in total.</summary>
    public List<(string Phase, double Milliseconds)> Phases { get; } = [];

    /// <summary>The statements the real dispatcher spent its database time on (pg_stat_statements).</summary>
    public List<(string Statement, long Calls, double TotalMs, double MeanMs)> Statements { get; } = [];

    /// <summary>What the case list query's plan looked like for its slowest filter, as EXPLAIN ANALYZE says.</summary>
    public string? CaseListPlan { get; set; }

    public string? CaseListSql { get; set; }

    /// <summary>Per web phase (list, page): the statements the host's database spent its time on while one person paged.</summary>
    public Dictionary<string, List<(string Statement, long Calls, double TotalMs, double MeanMs)>> WebStatements { get; } = [];

    public DateTimeOffset StartedAt { get; } = TimeProvider.System.GetUtcNow();

    public IReadOnlyDictionary<string, double> Figures => _figures;

    public void Set(string name, double value)
    {
        _figures[name] = value;
        if (quiet)
        {
            return;
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={Format(value)}"));
        Console.Out.Flush();
    }

    public void Note(string note)
    {
        Notes.Add(note);
        Console.Out.WriteLine($"note={note}");
        Console.Out.Flush();
    }

    public double? Get(string name) => _figures.TryGetValue(name, out var v) ? v : null;

    public static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The ratios the targets are stated in, from what was measured; a missing side leaves the ratio out.</summary>
    public void SetRatios()
    {
        if (Get("dispatcher_fires_per_s") is not { } ours)
        {
            return;
        }

        foreach (var (name, other) in new[] { ("ratio_vs_hangfire", "hangfire_fires_per_s"), ("ratio_vs_quartz", "quartz_fires_per_s"), ("ratio_vs_pgbench", "pgbench_tps") })
        {
            if (Get(other) is { } theirs && theirs > 0)
            {
                Set(name, ours / theirs);
            }
        }
    }
}
