using System.Globalization;
using System.Security;
using System.Text;

namespace CapacityExit.Workflow.Bench;

/// <summary>A plain horizontal bar chart of throughput (fires or transactions per second), hand-written SVG.</summary>
public static class Chart
{
    private static readonly (string Figure, string Label, string Colour)[] Bars =
    [
        ("dispatcher_fires_per_s", "our dispatcher, 1 host (fires/s)", "#2f6f4f"),
        ("dispatcher_2host_fires_per_s", "our dispatcher, 2 hosts (fires/s)", "#3f8f6f"),
        ("dispatcher_claim_index_fires_per_s", "1 host + (due_at, id) index, trial (fires/s)", "#9fc9b5"),
        ("dispatcher_batch2000_fires_per_s", "1 host, batch 2,000, trial (fires/s)", "#9fc9b5"),
        ("pgbench_tps", "pgbench -N -c 8 (transactions/s)", "#6f6f6f"),
        ("quartz_fires_per_s", "Quartz 4, clustered ADO store (fires/s)", "#b5651d"),
        ("hangfire_fires_per_s", "Hangfire.PostgreSql, tuned (fires/s)", "#a33b3b"),
    ];

    public static string Svg(BenchResults results)
    {
        var bars = Bars.Where(b => results.Get(b.Figure) is > 0).Select(b => (b.Label, b.Colour, Value: results.Get(b.Figure)!.Value)).ToList();
        const int left = 290, width = 420, row = 34, top = 40;
        var height = top + (bars.Count * row) + 30;
        var max = bars.Count == 0 ? 1 : bars.Max(b => b.Value);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" font-family="sans-serif" font-size="13">""");
        sb.AppendLine("""  <rect width="100%" height="100%" fill="white"/>""");
        sb.AppendLine(inv, $"""  <text x="10" y="22" font-size="15" font-weight="bold">Timer throughput on one PostgreSQL ({results.StartedAt:yyyy-MM-dd}), same transition per fire</text>""");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, colour, value) = bars[i];
            var y = top + (i * row);
            var w = Math.Max(1, width * value / max);
            sb.AppendLine(inv, $"""  <text x="{left - 8}" y="{y + 17}" text-anchor="end">{SecurityElement.Escape(label)}</text>""");
            sb.AppendLine(inv, $"""  <rect x="{left}" y="{y + 4}" width="{w:0.0}" height="{row - 10}" fill="{colour}"/>""");
            sb.AppendLine(inv, $"""  <text x="{left + w + 6:0.0}" y="{y + 17}">{value:N0}</text>""");
        }

        sb.AppendLine(inv, $"""  <line x1="{left}" y1="{top}" x2="{left}" y2="{top + (bars.Count * row)}" stroke="black"/>""");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }
}
