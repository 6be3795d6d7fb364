using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Domain.Measures;

/// <summary>
/// A worker resettlement plan (职工安置方案, 000 §三.6, 001 §四, 002 §三: 把职工安置作为产能退出的重中之重): how many
/// workers the exit affects and how each is placed. Every worker must be placed one way.
/// </summary>
public sealed record ResettlementCounts(int WorkersAffected, int Transferred, int Reemployed, int EarlyRetired, int InsuranceContinued)
{
    public int Placed => Transferred + Reemployed + EarlyRetired + InsuranceContinued;
}

/// <summary>Award or subsidy funds (奖补资金、专项资金) for an exiting enterprise: applied, approved, paid.</summary>
public sealed record FundAmounts(decimal Applied, decimal? Approved, decimal? Paid);

public static class ExitSupport
{
    public static IReadOnlyList<ValidationError> CheckPlan(ResettlementCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var errors = new List<ValidationError>();
        foreach (var (field, zh, value) in new[]
        {
            ("workersAffected", "涉及职工人数", c.WorkersAffected), ("transferred", "转岗安置人数", c.Transferred),
            ("reemployed", "再就业人数", c.Reemployed), ("earlyRetired", "内部退养（提前退休）人数", c.EarlyRetired),
            ("insuranceContinued", "社保接续人数", c.InsuranceContinued),
        })
        {
            if (value < 0)
            {
                errors.Add(new(field, $"{zh}不能为负数", $"{field} cannot be negative"));
            }
        }

        if (errors.Count == 0 && c.Placed != c.WorkersAffected)
        {
            // Each worker is placed one way: the plan accounts for every worker, no more, no fewer.
            errors.Add(new("workersAffected", $"安置人数合计{c.Placed}人，与涉及职工{c.WorkersAffected}人不符：每名职工应有一种安置方式",
                $"{c.Placed} workers placed but {c.WorkersAffected} affected: every worker needs exactly one placement"));
        }

        return errors;
    }

    public static IReadOnlyList<ValidationError> CheckFund(FundAmounts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var errors = new List<ValidationError>();
        if (f.Applied <= 0)
        {
            errors.Add(new("applied", "申请金额必须大于0", "the amount applied for must be above 0"));
        }

        if (f.Approved is { } approved && (approved < 0 || approved > f.Applied))
        {
            errors.Add(new("approved", $"核定金额{approved:0.##}元应在0至申请金额{f.Applied:0.##}元之间", $"the approved amount {approved:0.##} must be between 0 and the {f.Applied:0.##} applied for"));
        }

        if (f.Paid is { } paid)
        {
            if (f.Approved is null)
            {
                errors.Add(new("paid", "尚未核定，不能登记拨付", "nothing is approved yet, so nothing can be paid"));
            }
            else if (paid < 0 || paid > f.Approved)
            {
                errors.Add(new("paid", $"拨付金额{paid:0.##}元应在0至核定金额{f.Approved:0.##}元之间", $"the paid amount {paid:0.##} must be between 0 and the {f.Approved:0.##} approved"));
            }
        }

        return errors;
    }
}
