namespace CapacityExit.Workflow.Domain.Measures;

/// <summary>One row of the exchange file for the credit platform (信用中国 / the local credit platform).</summary>
public sealed record CreditRow(string CreditCode, string EnterpriseName, string Measure, string Basis, DateOnly Date, string IssuingBody);

public enum CreditChange
{
    Added,
    Unchanged,
    Removed,
}

/// <summary>
/// 联合惩戒 (000 §三.2, 001 §四.(八), 003 §四.(二)): an enterprise that missed its exit deadline is listed; the exchange
/// file carries the current list, and against the last export what was added and what must be removed (its exit was
/// accepted, or its case withdrawn). One row per enterprise: the earliest missed deadline stands for it.
/// </summary>
public static class CreditExchange
{
    public static IReadOnlyList<CreditRow> OnePerEnterprise(IEnumerable<CreditRow> rows) =>
        rows.GroupBy(r => r.CreditCode).Select(g => g.OrderBy(r => r.Date).ThenBy(r => r.Basis, StringComparer.Ordinal).First())
            .OrderBy(r => r.Date).ThenBy(r => r.CreditCode, StringComparer.Ordinal).ToList();

    /// <summary>The current rows marked against the previous export, then the previous rows that are no longer listed.</summary>
    public static IReadOnlyList<(CreditRow Row, CreditChange Change)> Since(IReadOnlyCollection<CreditRow> previous, IReadOnlyCollection<CreditRow> current)
    {
        var before = previous.Select(r => r.CreditCode).ToHashSet();
        var now = current.Select(r => r.CreditCode).ToHashSet();
        return current.Select(r => (r, before.Contains(r.CreditCode) ? CreditChange.Unchanged : CreditChange.Added))
            .Concat(previous.Where(r => !now.Contains(r.CreditCode)).Select(r => (r, CreditChange.Removed)))
            .ToList();
    }

    public static string Zh(this CreditChange change) => change switch
    {
        CreditChange.Added => "新增",
        CreditChange.Removed => "移出",
        _ => "保持",
    };
}
