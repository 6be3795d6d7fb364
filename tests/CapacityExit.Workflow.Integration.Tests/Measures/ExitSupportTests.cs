using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>
/// Worker resettlement, funds and land (000 §三.6 and §四.3, 001 §四, 002 §三): bad input refused with nothing written,
/// recorded only by the county's own officer or the city's office, and totalled per county and year. The refusal of an
/// exit without a plan is proven in the whole energy case (EnergyCaseLifecycleTests). This class works in 郑州.
/// </summary>
public sealed class ExitSupportTests : IClassFixture<MeasureHost>
{
    private readonly WorkflowTestHost _host;

    public ExitSupportTests(MeasureHost fixture) => _host = fixture.Host;

    private Task<T> Support<T>(Func<ExitSupportService, Task<T>> action) => _host.InScopeAsync(sp => action(sp.GetRequiredService<ExitSupportService>()));

    private Task<long> CountAsync(string table) => _host.ScalarAsync<long>($"select count(*) from capacity_exit.{table}");

    [Fact]
    public async Task A_plan_that_leaves_workers_unplaced_or_funds_paid_beyond_approval_are_refused_and_nothing_is_written()
    {
        var county = await _host.ScalarAsync<string>("select code from capacity_exit.jurisdictions where parent_id = (select id from capacity_exit.jurisdictions where code = '410100') order by code limit 1");
        var opened = await MeasureKit.OpenAsync(_host, county, Industry.ElectrolyticAluminium, 10m, "万吨/年", "示例电解铝退出公司");
        var (plans, funds) = (await CountAsync("resettlement_plans"), await CountAsync("support_funds"));

        var unplaced = await Assert.ThrowsAsync<DomainValidationException>(() => Support(s =>
            s.RecordPlanAsync("zhengzhou-office", new(opened.CreditCode, new ResettlementCounts(80, 40, 20, 10, 5), null), CancellationToken.None)));
        Assert.Equal("安置人数合计75人，与涉及职工80人不符：每名职工应有一种安置方式", Assert.Single(unplaced.Errors).MessageZh);

        var overpaid = await Assert.ThrowsAsync<DomainValidationException>(() => Support(s =>
            s.RecordFundAsync("zhengzhou-office", null, new(opened.CreditCode, 2026, "市工业企业结构调整专项奖补资金", "郑财〔2026〕3号", 200m, 150m, 160m), CancellationToken.None)));
        Assert.Equal("paid", Assert.Single(overpaid.Errors).Field);

        // Another city's office: the enterprise reads as one that does not exist (the scope rule), and is not named.
        var otherCity = await Assert.ThrowsAsync<DomainValidationException>(() => Support(s =>
            s.RecordPlanAsync("changchun-office", new(opened.CreditCode, new ResettlementCounts(80, 40, 20, 10, 10), null), CancellationToken.None)));
        var missingCode = "91410100MA0000000X";
        var missing = await Assert.ThrowsAsync<DomainValidationException>(() => Support(s =>
            s.RecordPlanAsync("changchun-office", new(missingCode, new ResettlementCounts(80, 40, 20, 10, 10), null), CancellationToken.None)));
        Assert.Equal($"没有统一社会信用代码为{opened.CreditCode}的企业", Assert.Single(otherCity.Errors).MessageZh);
        Assert.Equal(Assert.Single(missing.Errors).MessageZh.Replace(missingCode, opened.CreditCode, StringComparison.Ordinal), otherCity.Errors[0].MessageZh);
        Assert.DoesNotContain("示例电解铝退出公司", otherCity.Errors[0].MessageZh + otherCity.Errors[0].MessageEn);

        Assert.Equal((plans, funds), (await CountAsync("resettlement_plans"), await CountAsync("support_funds")));
    }

    [Fact]
    public async Task Totals_per_county_and_year_add_up_the_resettlement_funds_and_land_of_the_year()
    {
        var county = await _host.ScalarAsync<string>("select code from capacity_exit.jurisdictions where parent_id = (select id from capacity_exit.jurisdictions where code = '410100') order by code offset 1 limit 1");
        var a = await MeasureKit.ExitedAsync(_host, county, Industry.Steel, 40m, "万吨/年", "示例安置甲钢铁公司", new DateTimeOffset(2026, 1, 10, 2, 0, 0, TimeSpan.Zero));
        var b = await MeasureKit.ExitedAsync(_host, county, Industry.Cement, 20m, "万吨/年", "示例安置乙水泥公司", new DateTimeOffset(2026, 1, 12, 2, 0, 0, TimeSpan.Zero));
        await Support(s => s.RecordPlanAsync("zhengzhou-office", new(a.CreditCode, new ResettlementCounts(100, 50, 30, 15, 5), "郑人社〔2026〕1号"), CancellationToken.None));
        await Support(s => s.RecordPlanAsync("zhengzhou-office", new(b.CreditCode, new ResettlementCounts(40, 10, 10, 10, 10), null), CancellationToken.None));
        var fund = await Support(s => s.RecordFundAsync("zhengzhou-office", null, new(a.CreditCode, 2026, "化解产能过剩专项资金", "郑财〔2026〕7号", 300m, null, null), CancellationToken.None));
        await Support(s => s.RecordFundAsync("zhengzhou-office", fund.Id, new(a.CreditCode, 2026, "化解产能过剩专项资金", "郑财〔2026〕7号", 300m, 250m, 200m), CancellationToken.None));
        await Support(s => s.RecordFundAsync("zhengzhou-office", null, new(b.CreditCode, 2026, "市工业企业结构调整专项奖补资金", "郑财〔2026〕9号", 80m, 80m, null), CancellationToken.None));
        await Support(s => s.RecordLandAsync("zhengzhou-office", new(a.CreditCode, 2026, 120.5m, "政府收回划拨土地", "郑自然资〔2026〕2号"), CancellationToken.None));

        var totals = await Support(s => s.TotalsAsync("zhengzhou-office", 2026, CancellationToken.None));

        var name = await _host.ScalarAsync<string>("select name_zh from capacity_exit.jurisdictions where code = @code", ("code", county));
        var row = Assert.Single(totals, t => t.County == name);
        Assert.Equal(new SupportTotals(name, 2026, 2, 140, 60, 40, 25, 15, 380m, 330m, 200m, 120.5m), row);
        Assert.Empty(await Support(s => s.TotalsAsync("zhengzhou-office", 2025, CancellationToken.None)));
    }
}
