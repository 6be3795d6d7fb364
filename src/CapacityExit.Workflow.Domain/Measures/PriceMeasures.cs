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
/// When a case puts its enterprise under a price measure and when the measure ends. 003 §三.2: 对…能耗、电耗达不到强制性
/// 标准的产能和…淘汰类的产能…严格执行差别电价、阶梯电价、惩罚性电价和超定额用水累进加价; the other seeds alike. A case in a
/// failing state (a yellow or red card) is under the measure; rectification (整改达标) or exit ends it, and so does a
/// withdrawal (the case was opened by mistake).
/// </summary>
public static class PriceMeasures
{
    public static bool InForce(Card card, CaseOutcome? outcome) => outcome is null && card != Card.None;

    public static PriceMeasureKind KindFor(Standard standard) =>
        standard == Standard.Energy ? PriceMeasureKind.Punitive : PriceMeasureKind.Differential;

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
