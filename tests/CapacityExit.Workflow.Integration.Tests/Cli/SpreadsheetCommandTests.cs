using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>
/// The census (摸排) through <c>import census</c> and lists out through <c>export</c>: a bad row writes nothing and is
/// reported with its row, column, value and reason; the fixed file opens every case once, however often it is imported.
/// </summary>
[Collection("cli-environment")]
public sealed class SpreadsheetCommandTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("capexit-census-").FullName;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _host.Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error, _host.Time, () => RepoPaths.Root));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_census_with_a_bad_row_writes_nothing_the_fixed_one_opens_each_case_once_and_the_list_exports()
    {
        var good = CreditCode.Complete("91431003MA1234567");
        var other = CreditCode.Complete("91431021MA7654321");
        var sheet = Path.Combine(_folder, "census.xlsx");
        var problems = Path.Combine(_folder, "problems.xlsx");
        var enterprisesBefore = await _host.ScalarAsync<long>("select count(*) from capacity_exit.enterprises");

        // An environmental order without its period: the workflow refuses it, the import names the row and writes nothing.
        Write(sheet, (good, "郴州摸排示例焦化有限公司", "安全", ""), (other, "郴州摸排示例印染有限公司", "环保", ""));
        var refused = await Run("import", "census", sheet, "--as", "chenzhou-office", "--problems", problems);
        Assert.Equal(1, refused.Code);
        Assert.Contains("3\t案件事实（可选）\t\t", refused.Error);
        Assert.Contains("未导入任何数据", refused.Error);
        Assert.Equal(enterprisesBefore, await _host.ScalarAsync<long>("select count(*) from capacity_exit.enterprises"));
        var listed = MiniExcel.Query(problems, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("3", Assert.Single(listed)["行"]?.ToString());

        Write(sheet, (good, "郴州摸排示例焦化有限公司", "安全", ""), (other, "郴州摸排示例印染有限公司", "环保", "orderPeriod=P3M"));
        var imported = await Run("import", "census", sheet, "--as", "chenzhou-office");
        var again = await Run("import", "census", sheet, "--as", "chenzhou-office");
        Assert.Equal(0, imported.Code);
        Assert.Contains("已立案 2 件", imported.Output);
        Assert.Equal(0, again.Code);
        Assert.Contains("已立案 0 件，流程已启动；2 行此前已立案", again.Output);
        Assert.Equal(2L, await _host.ScalarAsync<long>(
            """
            select count(*) from capacity_exit.workflow_instances w join capacity_exit.cases c on c.id = w.case_id
            join capacity_exit.capacity_items i on i.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = i.enterprise_id
            where e.name like '郴州摸排示例%'
            """));

        var export = Path.Combine(_folder, "cases.xlsx");
        var exported = await Run("export", "cases", "--as", "chenzhou-office", "--q", "郴州摸排示例", "--out", export);
        Assert.Equal(0, exported.Code);
        var rows = MiniExcel.Query(export, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["郴州摸排示例印染有限公司", "郴州摸排示例焦化有限公司"], rows.Select(r => r["企业名称"]?.ToString() ?? "").Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("苏仙区", r["县（市、区）"]?.ToString()));
        Assert.Equal(["安全", "环保"], rows.Select(r => r["标准"]?.ToString() ?? "").Order(StringComparer.Ordinal));

        // The published census results and over-emission list of the city and year, as their public pages show them.
        var census = Path.Combine(_folder, "census-results.xlsx");
        Assert.Equal(0, (await Run("export", "census", "--city", "431000", "--year", "2026", "--out", census)).Code);
        var results = MiniExcel.Query(census, useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Where(r => r["企业名称"]?.ToString()?.StartsWith("郴州摸排示例", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["安全", "环保"], results.Select(r => r["不达标的标准"]?.ToString() ?? "").Order(StringComparer.Ordinal));
        var overEmission = Path.Combine(_folder, "over-emission.xlsx");
        Assert.Equal(0, (await Run("export", "over-emission", "--city", "431000", "--year", "2026", "--out", overEmission)).Code);
        var emitter = Assert.Single(MiniExcel.Query(overEmission, useHeaderRow: true).Cast<IDictionary<string, object?>>(),
            r => r["企业名称"]?.ToString()?.StartsWith("郴州摸排示例", StringComparison.Ordinal) == true);
        Assert.Equal(("郴州摸排示例印染有限公司", "超标排放"), (emitter["企业名称"]?.ToString(), emitter["名单"]?.ToString()));

        var wrong = await Run("export", "exit-list", "--city", "999999", "--out", Path.Combine(_folder, "x.xlsx"));
        Assert.Equal(2, wrong.Code);
        Assert.Contains("--city “999999”不是市的行政区划代码", wrong.Error);
    }

    [Fact]
    public async Task The_counties_target_completion_exports_as_the_public_page_offers_it()
    {
        var set = await Run("target", "set", "--as", "chenzhou-office", "--county", "431021", "--year", "2026", "--description", "导出测试水泥熟料",
            "--amount", "30", "--unit", "万吨/年", "--due", "2026-12-31");
        Assert.Equal(0, set.Code);
        var path = Path.Combine(_folder, "public-targets.xlsx");

        var exported = await Run("export", "public-targets", "--city", "431000", "--year", "2026", "--out", path);

        Assert.Equal(0, exported.Code);
        Assert.Equal(["年度淘汰落后产能任务完成情况"], MiniExcel.GetSheetNames(path));
        var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["县（市、区）", "任务", "目标", "单位", "完成期限", "期限内已退出", "至今已退出", "完成情况"], rows[0].Keys);
        var target = Assert.Single(rows, r => r["任务"]?.ToString() == "导出测试水泥熟料");
        Assert.Equal(["桂阳县", "导出测试水泥熟料", "30", "万吨/年", "2026-12-31", "0", "0", "进行中"], target.Values.Select(Cell));
        // Every line the page shows for 郴州 and 2026, in its order: the page's own service.
        var page = await _host.InScopeAsync(async sp =>
        {
            var lists = sp.GetRequiredService<PublicListService>();
            return await lists.TargetsAsync((await lists.CityAsync("431000", CancellationToken.None)).Id, 2026, new DateOnly(2026, 1, 15), CancellationToken.None);
        });
        Assert.Equal(page.Select(l => $"{l.County} {l.Description} {l.Completion}"), rows.Select(r => $"{r["县（市、区）"]} {r["任务"]} {Completion(r["完成情况"])}"));

        var wrong = await Run("export", "public-targets", "--city", "431021", "--out", Path.Combine(_folder, "y.xlsx"));
        Assert.Equal(2, wrong.Code);
        Assert.Contains("--city “431021”不是市的行政区划代码", wrong.Error);
        Assert.False(File.Exists(Path.Combine(_folder, "y.xlsx")));
    }

    /// <summary>A cell as the page writes it: dates as yyyy-MM-dd, numbers without trailing zeros.</summary>
    private static string Cell(object? value) => value switch
    {
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        decimal n => n.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        double n => ((decimal)n).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static TargetCompletion Completion(object? zh) => zh?.ToString() switch
    {
        "已完成" => TargetCompletion.Met,
        "进行中" => TargetCompletion.InProgress,
        _ => TargetCompletion.Missed,
    };

    private static void Write(string path, params (string Code, string Name, string Standard, string Facts)[] rows)
    {
        File.Delete(path);
        MiniExcel.SaveAs(path, rows.Select(r => new Dictionary<string, object?>
        {
            ["统一社会信用代码"] = r.Code, ["企业名称"] = r.Name, ["县（市、区）"] = "苏仙区", ["行业"] = r.Standard == "安全" ? "焦化" : "印染",
            ["生产线或主体设备"] = "1号生产线", ["产能"] = 10, ["产能单位"] = "万吨/年", ["标准"] = r.Standard, ["认定日期"] = "2026-01-05",
            ["责任部门"] = r.Standard == "安全" ? "郴州市应急管理局" : "郴州市生态环境局", ["认定依据"] = "郴州市2017年工作方案 §三.5", ["案件事实（可选）"] = r.Facts,
        }).ToList());
    }
}
