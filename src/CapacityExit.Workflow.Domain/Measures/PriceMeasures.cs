using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Measures;

/// <summary>Which electricity price a failing enterprise pays (003 §三.2 落实差别化价格政策).</summary>
public enum PriceMeasureKind
{
    /// <summary>惩罚性电价: capacity above the mandatory energy-consumption limit.</summary>
    Punitive,

    /// <summary>差别电价: 淘汰类 equipment and capacity failing the other standards.</summary>
    Differential,
}

/// <summary>
/// One line of a profile's price scope: the capacity its seed names for differential pricing — a standard, the
/// industries (null: any; the seed's list ends in 等 or names none) — the price it pays, and the clause.
/// </summary>
public sealed record PriceScopeEntry(Standard Standard, PriceMeasureKind Kind, IReadOnlySet<Industry>? Industries, string Source)
{
    public bool Covers(Standard standard, Industry industry) => standard == Standard && (Industries is null || Industries.Contains(industry));
}

/// <summary>
/// The capacity a profile's seed puts under differential prices (workflows/measures/measures.yaml, price-scope). The seeds
/// differ: 000 §四.4 names capacity whose 能耗、电耗 fails the mandatory standard (钢铁、水泥、电解铝等); 001 §四.(三) and
/// 003 §二.(一).2 add 淘汰类 capacity; 002 §三.(三) adds every 落后产能 of the 综合标准体系 (能耗、环保、安全、技术达不到标准和
/// 生产不合格产品或淘汰类产能, 002 §一); 004 §五.(三).2 names the 淘汰类 of eight high-energy industries and punitive prices
/// for energy failures.
/// </summary>
public sealed record PriceScope(IReadOnlyList<PriceScopeEntry> Entries)
{
    public PriceScopeEntry? For(Standard standard, Industry industry) => Entries.FirstOrDefault(e => e.Covers(standard, industry));
}

/// <summary>
/// When a case puts its enterprise under a price measure and when the measure ends. A case whose standard and industry
/// its profile's seed names (<see cref="PriceScope"/>) is under the measure from its finding while it is open — a 淘汰类
/// line from the finding that it is 淘汰类, not from an overdue demolition; rectification (整改达标) or exit ends it, and
/// so does a withdrawal (the case was opened by mistake). Capacity the seed does not name never is: a notice issued for it
/// under the earlier rule (every carded case) is corrected by a numbered notice, never deleted.
/// </summary>
public static class PriceMeasures
{
    public static bool InForce(PriceScope scope, Standard standard, Industry industry, CaseOutcome? outcome) =>
        outcome is null && scope.For(standard, industry) is not null;

    /// <summary>The price a standard's failure pays where no scope line says otherwise: energy 惩罚性电价, the others 差别电价.</summary>
    public static PriceMeasureKind KindFor(Standard standard) =>
        standard == Standard.Energy ? PriceMeasureKind.Punitive : PriceMeasureKind.Differential;

    /// <summary>Why a measure issued under the earlier rule stops, as the correcting notice says it.</summary>
    public static string CorrectedBecause(Standard standard, Industry industry) =>
        $"经核对，其{industry.Zh()}行业{standard.Zh()}不达标产能不属于本地方案所列执行差别化价格政策的范围，前通知依据有误，予以更正";

    public static string Zh(this PriceMeasureKind kind) => kind == PriceMeasureKind.Punitive ? "惩罚性电价" : "差别电价";

    public static string En(this PriceMeasureKind kind) => kind == PriceMeasureKind.Punitive ? "punitive electricity price" : "differential electricity price";

    /// <summary>Why the measure is lifted, as the lifting notice says it.</summary>
    public static string LiftedBecause(CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Compliant => "经复查已整改达标",
        CaseOutcome.Exited => "已关停退出并通过验收",
        _ => "案件已撤销",
    };
}
