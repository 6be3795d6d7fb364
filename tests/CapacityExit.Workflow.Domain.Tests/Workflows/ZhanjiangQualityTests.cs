using CapacityExit.Workflow.Domain.Registry;
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

/// <summary>
/// 003 §四.(三): 6月前、12月前，市发展和改革委员会、生态环境局、市场监管局、应急管理局等部门要将各自负责领域内的依法关闭退出的企业、
/// 设备及产能情况反馈至市工业和信息化局 — the four city bureaus file it, not the counties, by the end of June and of December.
/// </summary>
public sealed class ZhanjiangFeedbackTests
{
    [Fact]
    public void The_closure_feedback_is_owed_by_the_four_city_bureaus_by_the_end_of_June_and_December_003_4_3()
    {
        var due = ReportCalendar.For(Repo.Catalog.Profile("zhanjiang-2021"), 2026, Repo.Calendar).ToDictionary(r => r.Report.Name);
        foreach (var (name, lastDay) in new[] { ("half-year-feedback", new DateOnly(2026, 6, 30)), ("year-end-feedback", new DateOnly(2026, 12, 31)) })
        {
            var report = due[name];
            Assert.Equal(lastDay, report.Deadline.LastDay);
            Assert.Equal([ReportFiler.Bureaus], report.Report.From);
            Assert.Equal([BureauKind.Development, BureauKind.Environment, BureauKind.MarketRegulation, BureauKind.EmergencyManagement],
                report.Report.BureauKinds);
        }
    }
}
