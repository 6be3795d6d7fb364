using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// 003 §二.(三).3: 对相关产品质量达不到强制性标准要求的，依法查处；情节严重的，吊销营业执照 — no six-month cure. In 湛江 a quality
/// case runs the period its enforcement order sets (orderPeriod) and cannot open without one; elsewhere 001 §三.(三).3 and
/// 002 §二.(二).3's six months stand.
/// </summary>
public sealed class ZhanjiangQualityTests
{
    [Fact]
    public void A_Zhanjiang_quality_case_runs_the_orders_period_not_six_months_003_2_3_3()
    {
        var missing = Assert.Throws<WorkflowRuleException>(() => new CaseDriver("quality", "zhanjiang-2021", facts: []));
        Assert.Equal("missing-field", missing.Code);

        // Found Thursday 15 January 2026, ordered to stop and rectify within two months: Sunday 15 March → Monday 16 March.
        var zhanjiang = new CaseDriver("quality", "zhanjiang-2021", facts: new() { ["orderPeriod"] = "P2M" });
        Assert.Equal("2026-03-16", zhanjiang.State.Variables["cureLastDay"]);

        // 郴州 (001 §三.(三).3's six months, as its profile says): 15 July.
        Assert.Equal("2026-07-15", new CaseDriver("quality", "chenzhou-2017", facts: []).State.Variables["cureLastDay"]);
        Assert.Equal("var:orderPeriod", Repo.Catalog.Profile("zhanjiang-2021").Periods["quality-cure"].Text);
    }
}
