using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Measures;

public sealed class CapacityReplacementTests
{
    private static readonly Dictionary<int, LedgerEntry> Ledger = new()
    {
        [1] = new(1, Industry.Steel, "万吨/年", 40m, 0m, true, "甲钢铁1号高炉"),
        [2] = new(2, Industry.Steel, "万吨/年", 30m, 25m, true, "乙钢铁2号高炉"),
        [3] = new(3, Industry.Steel, "万吨/年", 50m, 0m, false, "丙钢铁3号高炉"),
        [4] = new(4, Industry.Cement, "万吨/年", 60m, 0m, true, "丁水泥熟料线"),
    };

    private static ReplacementRequest Steel(decimal newCapacity, decimal ratio, params LedgerDraw[] draws) => new(Industry.Steel, "万吨/年", newCapacity, ratio, draws);

    [Theory]
    [InlineData(40, 1, 40)]        // 等量置换
    [InlineData(32, 1.25, 40)]     // 减量置换 at 1.25:1
    [InlineData(10, 1.333, 13.33)] // rounded up to the ledger's 0.001, never down
    public void The_required_capacity_is_the_new_capacity_times_the_ratio(decimal newCapacity, decimal ratio, decimal required) =>
        Assert.Equal(required, CapacityReplacement.Required(newCapacity, ratio));

    [Fact]
    public void A_plan_that_covers_the_new_capacity_at_the_ratio_from_accepted_exits_passes() =>
        Assert.Empty(CapacityReplacement.Check(Steel(36m, 1.25m, new LedgerDraw(1, 40m), new LedgerDraw(2, 5m)), Ledger));

    [Fact]
    public void A_plan_short_of_the_ratio_says_by_how_much()
    {
        var error = Assert.Single(CapacityReplacement.Check(Steel(36m, 1.25m, new LedgerDraw(1, 40m), new LedgerDraw(2, 4.999m)), Ledger));
        Assert.Equal("draws", error.Field);
        Assert.Equal("置换产能合计44.999万吨/年，少于应置换的45万吨/年（新建36×置换比例1.25）", error.MessageZh);
    }

    [Fact]
    public void Capacity_drawn_before_cannot_be_drawn_again()
    {
        var error = Assert.Single(CapacityReplacement.Check(Steel(5m, 1m, new LedgerDraw(2, 5.001m)), Ledger));
        Assert.Equal("draws[2]", error.Field);
        Assert.Contains("尚余5万吨/年，不足5.001（已用于置换的产能不得重复使用）", error.MessageZh);
    }

    [Fact]
    public void Eliminate_first_capacity_whose_exit_is_not_accepted_cannot_be_drawn()
    {
        var error = Assert.Single(CapacityReplacement.Check(Steel(40m, 1m, new LedgerDraw(3, 40m)), Ledger));
        Assert.Equal("丙钢铁3号高炉尚未通过退出验收（先淘汰、后审批），不能用于置换", error.MessageZh);
    }

    [Fact]
    public void Another_industry_or_unit_cannot_be_drawn()
    {
        var error = Assert.Single(CapacityReplacement.Check(Steel(40m, 1m, new LedgerDraw(4, 40m)), Ledger));
        Assert.Contains("为水泥（万吨/年），与新建项目的钢铁（万吨/年）不同", error.MessageZh);
    }

    [Fact]
    public void Bad_plans_list_every_problem_at_once()
    {
        var errors = CapacityReplacement.Check(new ReplacementRequest(Industry.Leather, "万标张/年", 0m, 0.9m, [new(9, -1m), new LedgerDraw(9, 2m)]), Ledger);
        Assert.Equal(["industry", "newCapacity", "ratio", "draws[9]", "draws[9]", "draws[9]"], errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void A_county_is_barred_by_the_earliest_past_target_still_unmet_and_free_once_it_is_met()
    {
        var today = new DateOnly(2026, 3, 1);
        var missed2024 = new TargetStanding("淘汰水泥熟料", 2024, 10m, "万吨/年", new DateOnly(2024, 12, 31), 4m);
        var missed2025 = new TargetStanding("淘汰平板玻璃", 2025, 5m, "万重量箱/年", new DateOnly(2025, 10, 31), 0m);
        var current = new TargetStanding("淘汰铅冶炼", 2026, 3m, "万吨/年", new DateOnly(2026, 10, 31), 0m);

        Assert.Equal(missed2024, ProjectBan.BarringTarget([current, missed2025, missed2024], today));
        Assert.Equal(missed2025, ProjectBan.BarringTarget([current, missed2025, missed2024 with { ExitedToDate = 10m }], today));
        Assert.Null(ProjectBan.BarringTarget([current, missed2025 with { ExitedToDate = 5m }], today));
        Assert.Null(ProjectBan.BarringTarget([current], today)); // not due yet: no bar
    }
}

public sealed class ExitMeasureRuleTests
{
    private static readonly PriceScope EnergyAndObsolete = new([
        new(Standard.Energy, PriceMeasureKind.Punitive, null, "001 §四.(三)"),
        new(Standard.Technology, PriceMeasureKind.Differential, new HashSet<Industry> { Industry.Steel }, "004 §五.(三).2"),
    ]);

    [Theory]
    [InlineData(Standard.Energy, Industry.Paper, null, true)]
    [InlineData(Standard.Energy, Industry.Cement, CaseOutcome.Exited, false)]
    [InlineData(Standard.Technology, Industry.Steel, null, true)]
    [InlineData(Standard.Technology, Industry.Paper, null, false)]
    [InlineData(Standard.Quality, Industry.Cement, null, false)]
    [InlineData(Standard.Safety, Industry.Steel, null, false)]
    public void A_price_measure_is_in_force_while_an_open_case_is_of_capacity_the_seed_names(Standard standard, Industry industry, CaseOutcome? outcome, bool inForce) =>
        Assert.Equal(inForce, PriceMeasures.InForce(EnergyAndObsolete, standard, industry, outcome));

    [Fact]
    public void Energy_failures_pay_the_punitive_price_the_others_the_differential_one()
    {
        Assert.Equal("惩罚性电价", PriceMeasures.KindFor(Standard.Energy).Zh());
        Assert.Equal("差别电价", PriceMeasures.KindFor(Standard.Technology).Zh());
    }

    [Fact]
    public void A_resettlement_plan_places_every_worker_exactly_once()
    {
        Assert.Empty(ExitSupport.CheckPlan(new ResettlementCounts(100, 50, 30, 15, 5)));
        var error = Assert.Single(ExitSupport.CheckPlan(new ResettlementCounts(100, 50, 30, 15, 4)));
        Assert.Equal("安置人数合计99人，与涉及职工100人不符：每名职工应有一种安置方式", error.MessageZh);
        Assert.Equal("transferred", Assert.Single(ExitSupport.CheckPlan(new ResettlementCounts(0, -1, 1, 0, 0))).Field);
    }

    [Fact]
    public void Funds_are_paid_only_as_far_as_approved_and_approved_only_as_far_as_applied()
    {
        Assert.Empty(ExitSupport.CheckFund(new FundAmounts(100m, 80m, 80m)));
        Assert.Equal(["approved"], ExitSupport.CheckFund(new FundAmounts(100m, 120m, null)).Select(e => e.Field));
        Assert.Equal(["paid"], ExitSupport.CheckFund(new FundAmounts(100m, 80m, 81m)).Select(e => e.Field));
        Assert.Equal(["paid"], ExitSupport.CheckFund(new FundAmounts(100m, null, 1m)).Select(e => e.Field));
    }

    [Fact]
    public void The_credit_list_names_each_enterprise_once_and_marks_additions_and_removals()
    {
        var a = new CreditRow("91431000MA0000001X", "甲公司", "联合惩戒", "能耗", new DateOnly(2026, 3, 1), "发改委");
        var a2 = a with { Basis = "环保", Date = new DateOnly(2026, 2, 1) };
        var b = new CreditRow("91431000MA0000002X", "乙公司", "联合惩戒", "能耗", new DateOnly(2026, 4, 1), "发改委");
        var c = new CreditRow("91431000MA0000003X", "丙公司", "联合惩戒", "质量", new DateOnly(2026, 1, 1), "发改委");

        var listed = CreditExchange.OnePerEnterprise([a, a2, b]);
        Assert.Equal([a2, b], listed);

        var changes = CreditExchange.Since([c, a2], listed);
        Assert.Equal([(a2, CreditChange.Unchanged), (b, CreditChange.Added), (c, CreditChange.Removed)], changes);
    }
}
