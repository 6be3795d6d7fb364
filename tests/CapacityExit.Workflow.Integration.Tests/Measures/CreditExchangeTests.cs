using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>
/// The joint-credit-punishment exchange file (000 §三.2, 001 §四.(八), 003 §四.(二)), read back as the credit platform
/// would: the enterprises whose case missed its exit deadline and no others, then what changed since the last export.
/// This class works in 长春 only, so its list is its own.
/// </summary>
public sealed class CreditExchangeTests : IClassFixture<MeasureHost>
{
    private readonly WorkflowTestHost _host;

    public CreditExchangeTests(MeasureHost fixture) => _host = fixture.Host;

    private Task MissAsync(long caseId, string day) => _host.ExecuteAsync(
        "update capacity_exit.workflow_instances set variables = variables || jsonb_build_object(@key, @day) where case_id = @id",
        ("key", CaseStanding.ExitDeadlineMissedVariable), ("day", day), ("id", caseId));

    private Task<CreditExchangeFile> ExportAsync(ExchangeFormat format) => _host.InScopeAsync(sp =>
        sp.GetRequiredService<CreditExchangeService>().ExportAsync("changchun-office", format, CancellationToken.None));

    private static List<IDictionary<string, object>> Read(CreditExchangeFile file, ExcelType type)
    {
        using var stream = new MemoryStream(file.Content);
        return stream.Query(useHeaderRow: true, excelType: type).Cast<IDictionary<string, object>>().ToList();
    }

    [Fact]
    public async Task The_exchange_file_lists_the_enterprises_that_missed_their_exit_deadline_and_then_their_removal()
    {
        var counties = await _host.ScalarAsync<string[]>("select array_agg(code order by code) from capacity_exit.jurisdictions where parent_id = (select id from capacity_exit.jurisdictions where code = '220100')");
        var late = await MeasureKit.OpenAsync(_host, counties[0], Industry.Steel, 40m, "万吨/年", "示例逾期钢铁公司");
        var lateToo = await MeasureKit.OpenAsync(_host, counties[1], Industry.Cement, 20m, "万吨/年", "示例逾期水泥公司");
        var onTime = await MeasureKit.OpenAsync(_host, counties[2], Industry.Paper, 2m, "万吨/年", "示例按期造纸公司");
        var withdrawn = await MeasureKit.OpenAsync(_host, counties[3], Industry.Coal, 90m, "万吨/年", "示例撤销煤矿公司");
        await MissAsync(late.CaseId, "2026-01-05");
        await MissAsync(lateToo.CaseId, "2026-01-08");
        await MissAsync(withdrawn.CaseId, "2026-01-06");
        await _host.ExecuteAsync("update capacity_exit.cases set status = 'Withdrawn' where id = @id", ("id", withdrawn.CaseId));
        await _host.ExecuteAsync("update capacity_exit.workflow_instances set state = 'withdrawn', finished_at = now() where case_id = @id", ("id", withdrawn.CaseId));

        var first = await ExportAsync(ExchangeFormat.Xlsx);

        Assert.EndsWith(".xlsx", first.FileName);
        var rows = Read(first, ExcelType.XLSX);
        Assert.Equal(CreditExchangeService.Columns, rows[0].Keys.ToArray());
        Assert.Equal([late.CreditCode, lateToo.CreditCode], rows.Select(r => (string)r["统一社会信用代码"]).ToArray());
        Assert.Equal(["示例逾期钢铁公司", "示例逾期水泥公司"], rows.Select(r => (string)r["企业名称"]).ToArray());
        Assert.Equal(["2026-01-05", "2026-01-08"], rows.Select(r => r["认定日期"].ToString()!).ToArray());
        // 001 §四.(八): 在“信用长春”网站等平台公布…（市金融办牵头）.
        Assert.All(rows, r => Assert.Equal("长春市人民政府金融工作办公室", r["发布单位"]));
        Assert.All(rows, r => Assert.Equal("新增", r["变动"]));
        Assert.Contains("未按期完成产能退出", (string)rows[0]["认定依据"]);
        Assert.DoesNotContain(rows, r => (string)r["统一社会信用代码"] == onTime.CreditCode);

        // The steel enterprise's exit is accepted: the next file removes it and keeps the cement one.
        await MeasureKit.MarkExitedAsync(_host, late.CaseId, _host.Time.GetUtcNow());
        var second = await ExportAsync(ExchangeFormat.Csv);

        Assert.EndsWith(".csv", second.FileName);
        var csv = Read(second, ExcelType.CSV);
        Assert.Equal([(lateToo.CreditCode, "保持"), (late.CreditCode, "移出")],
            csv.Select(r => (r["统一社会信用代码"].ToString()!.TrimStart('\uFEFF'), r["变动"].ToString()!)).ToArray());
        Assert.Equal(2, first.Rows.Count);

        // Nothing changed since: the third file keeps the one listed enterprise and removes nobody again.
        var third = await ExportAsync(ExchangeFormat.Csv);
        Assert.Equal([(lateToo.CreditCode, CreditExchange_Unchanged)], third.Rows.Select(r => (r.Row.CreditCode, r.Change.ToString())).ToArray());
    }

    private const string CreditExchange_Unchanged = "Unchanged";

    [Fact]
    public async Task Only_the_leading_group_office_exports_it()
    {
        var refused = await Assert.ThrowsAsync<WorkflowRuleException>(() => _host.InScopeAsync(sp =>
            sp.GetRequiredService<CreditExchangeService>().ExportAsync("changchun-county", ExchangeFormat.Xlsx, CancellationToken.None)));
        Assert.Equal("role-not-allowed", refused.Code);
    }
}
