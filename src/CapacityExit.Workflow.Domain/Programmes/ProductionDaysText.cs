using System.Globalization;

namespace CapacityExit.Workflow.Domain.Programmes;

/// <summary>A line of a production-days file that cannot be read: where and why, in Chinese and English.</summary>
public sealed class ProductionDaysFormatException(int line, string messageZh, string message)
    : Exception($"第{line}行：{messageZh} line {line}: {message}")
{
    public int Line { get; } = line;

    /// <summary>Where and why, in Chinese (第2行：…).</summary>
    public string MessageZh { get; } = $"第{line}行：{messageZh}";

    /// <summary>Where and why, in English (line 2: …).</summary>
    public string MessageEn { get; } = $"line {line}: {message}";
}

/// <summary>
/// A coal mine's production days as it reports them (docs/programmes.md "Production-days file"): UTF-8 text, one
/// entry a line, each a day <c>2026-03-02</c> or an inclusive range <c>2026-03-02..2026-03-07</c>; blank lines and
/// text after <c>#</c> are ignored. Every day must lie in the year reported, at most once. Pure.
/// </summary>
public static class ProductionDaysText
{
    public const int MaxLines = 5000;

    public static IReadOnlyList<DateOnly> Parse(string text, int year, DateOnly? onlyMonth = null)
    {
        var days = new SortedSet<DateOnly>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length > MaxLines)
        {
            throw new ProductionDaysFormatException(MaxLines + 1, $"文件过长（最多{MaxLines}行）", $"the file is longer than {MaxLines} lines");
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var entry = (hash >= 0 ? line[..hash] : line).Trim().TrimStart('\uFEFF');
            if (entry.Length == 0)
            {
                continue;
            }

            var n = i + 1;
            var parts = entry.Split("..", StringSplitOptions.TrimEntries);
            if (parts.Length > 2)
            {
                throw new ProductionDaysFormatException(n, $"“{entry}”应为一个日期或“起..止”", $"'{entry}' is neither a day nor a range FROM..TO");
            }

            var from = Date(parts[0], n);
            var until = parts.Length == 2 ? Date(parts[1], n) : from;
            if (until < from)
            {
                throw new ProductionDaysFormatException(n, $"区间“{entry}”的止日早于起日", $"the range '{entry}' ends before it starts");
            }

            for (var d = from; d <= until; d = d.AddDays(1))
            {
                if (d.Year != year)
                {
                    throw new ProductionDaysFormatException(n, $"{d:yyyy-MM-dd}不在报告年度{year}年内", $"{d:yyyy-MM-dd} is not in the year reported, {year}");
                }

                if (onlyMonth is { } m && d.Month != m.Month)
                {
                    throw new ProductionDaysFormatException(n, $"{d:yyyy-MM-dd}不在报告月份{m.Month}月内", $"{d:yyyy-MM-dd} is not in the month reported ({m:yyyy-MM})");
                }

                if (!days.Add(d))
                {
                    throw new ProductionDaysFormatException(n, $"{d:yyyy-MM-dd}重复列出", $"{d:yyyy-MM-dd} is listed twice");
                }
            }
        }

        return days.ToList();
    }

    /// <summary>The days written back in the file's own form, ranges folded: what a stored report keeps.</summary>
    public static string Write(IEnumerable<DateOnly> days)
    {
        var sorted = days.Distinct().Order().ToList();
        var lines = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j].AddDays(1))
            {
                j++;
            }

            lines.Add(i == j ? Iso(sorted[i]) : $"{Iso(sorted[i])}..{Iso(sorted[j])}");
            i = j + 1;
        }

        return string.Join('\n', lines) + (lines.Count > 0 ? "\n" : "");
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(string text, int line) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ProductionDaysFormatException(line, $"“{text}”不是日期（应写作 YYYY-MM-DD）", $"'{text}' is not a date (YYYY-MM-DD)");
}
