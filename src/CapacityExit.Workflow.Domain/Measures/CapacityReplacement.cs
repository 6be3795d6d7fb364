using System.Globalization;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Domain.Measures;

/// <summary>
/// One exited capacity item in the replacement ledger (产能置换台账): held once, in its own unit, with what is still
/// free of it. <see cref="ExitAccepted"/> is whether its case ended exited after the on-site acceptance.
/// </summary>
public sealed record LedgerEntry(int CapacityItemId, Industry Industry, string Unit, decimal Amount, decimal Drawn, bool ExitAccepted, string Label)
{
    public decimal Free => Amount - Drawn;
}

/// <summary>An amount a plan draws from one ledger entry.</summary>
public sealed record LedgerDraw(int CapacityItemId, decimal Amount);

/// <summary>A replacement plan as submitted: the new or rebuilt project's capacity, and what it retires.</summary>
public sealed record ReplacementRequest(Industry Industry, string Unit, decimal NewCapacity, decimal Ratio, IReadOnlyList<LedgerDraw> Draws);

/// <summary>
/// 产能置换 (000 §二, §三.1; 004 §五.(四)): a new or rebuilt project in an overcapacity industry must retire equal or
/// more capacity (等量或减量置换), capacity used once can never be used again (已用于置换的产能不得重复使用), and only
/// capacity whose exit is accepted may be drawn (先淘汰、后审批, 004 §五.(四)). Pure: the database enforces the
/// "never twice" part once more with a constraint, for two offices submitting at the same moment.
/// </summary>
public static class CapacityReplacement
{
    /// <summary>
    /// The industries whose new capacity must be replaced: those 000 §二 bars from new capacity (钢铁、水泥、平板玻璃、
    /// 煤炭、铅冶炼、烟花爆竹、造纸) and electrolytic aluminium, which national policy treats alike.
    /// </summary>
    public static readonly IReadOnlySet<Industry> Overcapacity = new HashSet<Industry>
    {
        Industry.Steel, Industry.Cement, Industry.FlatGlass, Industry.Coal, Industry.LeadSmelting,
        Industry.Fireworks, Industry.Paper, Industry.ElectrolyticAluminium,
    };

    /// <summary>The capacity a plan must retire: the new capacity times the ratio (1 = 等量置换, above 1 = 减量置换), rounded up to the ledger's 0.001.</summary>
    public static decimal Required(decimal newCapacity, decimal ratio) =>
        Math.Ceiling(newCapacity * ratio * 1000m) / 1000m;

    /// <summary>Every reason the plan cannot be accepted against the ledger as it stands; empty when it can.</summary>
    public static IReadOnlyList<ValidationError> Check(ReplacementRequest plan, IReadOnlyDictionary<int, LedgerEntry> ledger)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ledger);
        var errors = new List<ValidationError>();
        if (!Overcapacity.Contains(plan.Industry))
        {
            errors.Add(new("industry", $"{plan.Industry.Zh()}不属于须产能置换的产能过剩行业", $"{plan.Industry} is not an overcapacity industry that needs a replacement plan"));
        }

        if (plan.NewCapacity <= 0)
        {
            errors.Add(new("newCapacity", "新建项目产能必须大于0", "the new project's capacity must be above 0"));
        }

        if (plan.Ratio < 1)
        {
            errors.Add(new("ratio", $"置换比例{Number(plan.Ratio)}小于1：只能等量或减量置换", $"the ratio {Number(plan.Ratio)} is below 1: replacement is equal or reducing only"));
        }

        if (plan.Draws.Count == 0)
        {
            errors.Add(new("draws", "未选择用于置换的退出产能", "the plan draws on no exited capacity"));
        }

        foreach (var group in plan.Draws.GroupBy(d => d.CapacityItemId).Where(g => g.Count() > 1))
        {
            errors.Add(new($"draws[{group.Key}]", $"退出产能{group.Key}重复列出", $"exited capacity {group.Key} is listed twice"));
        }

        foreach (var draw in plan.Draws)
        {
            var field = $"draws[{draw.CapacityItemId}]";
            if (!ledger.TryGetValue(draw.CapacityItemId, out var entry))
            {
                errors.Add(new(field, $"退出产能{draw.CapacityItemId}不在置换台账中", $"exited capacity {draw.CapacityItemId} is not in the ledger"));
                continue;
            }

            if (!entry.ExitAccepted)
            {
                // 先淘汰、后审批 (004 §五.(四)): capacity still being closed cannot back a new project.
                errors.Add(new(field, $"{entry.Label}尚未通过退出验收（先淘汰、后审批），不能用于置换", $"{entry.Label}: its exit is not yet accepted (eliminate first, then approve)"));
            }

            if (entry.Industry != plan.Industry || entry.Unit != plan.Unit)
            {
                errors.Add(new(field, $"{entry.Label}为{entry.Industry.Zh()}（{entry.Unit}），与新建项目的{plan.Industry.Zh()}（{plan.Unit}）不同",
                    $"{entry.Label} is {entry.Industry} in {entry.Unit}, the new project {plan.Industry} in {plan.Unit}"));
            }

            if (draw.Amount <= 0)
            {
                errors.Add(new(field, $"从{entry.Label}使用的产能必须大于0", $"the amount drawn from {entry.Label} must be above 0"));
            }
            else if (draw.Amount > entry.Free)
            {
                errors.Add(new(field, $"{entry.Label}尚余{Number(entry.Free)}{entry.Unit}，不足{Number(draw.Amount)}（已用于置换的产能不得重复使用）",
                    $"{entry.Label} has {Number(entry.Free)} {entry.Unit} left, less than {Number(draw.Amount)} (capacity used once cannot be used again)"));
            }
        }

        var required = Required(plan.NewCapacity, plan.Ratio);
        var drawn = plan.Draws.Where(d => d.Amount > 0).Sum(d => d.Amount);
        if (plan.NewCapacity > 0 && plan.Ratio >= 1 && drawn < required)
        {
            errors.Add(new("draws", $"置换产能合计{Number(drawn)}{plan.Unit}，少于应置换的{Number(required)}{plan.Unit}（新建{Number(plan.NewCapacity)}×置换比例{Number(plan.Ratio)}）",
                $"the plan retires {Number(drawn)} {plan.Unit}, less than the {Number(required)} required ({Number(plan.NewCapacity)} × ratio {Number(plan.Ratio)})"));
        }

        return errors;
    }

    public static string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
