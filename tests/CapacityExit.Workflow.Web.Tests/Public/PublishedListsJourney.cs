using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Public;

/// <summary>
/// What the seeds ask to publish, read as a visitor (no sign-in) on the demo: 000 §三.2 each county's completion of its
/// annual target, 001 §五.(四) / 002 §四.(二) the over-emission list with its serious cases, 001 §三.(三).5 / 002 §二.(二).5
/// the notice of sealed equipment (with the government website's copy), 002 §四.(三) the census results. Each page is
/// reached from the public navigation, shows the demo's rows and nothing internal, and its .xlsx has the page's rows.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PublishedListsJourney(WebApp app)
{
    /// <summary>The demo's cases on these pages (src/CapacityExit.Workflow.Demo/DemoPublic.cs).</summary>
    private const string SealedEnterprise = "郴州示例窄幅造纸有限公司";
    private const string SeriousOverEmission = "郴州示例冶炼渣处理有限公司";
    private const string ExitedEnterprise = "郴州示例小型钢铁有限公司";
    private const string GovernmentNoticeUrl = "https://www.example.org/gongkai/fengcun-2026-01.html";

    [Fact]
    public async Task A_visitor_reads_the_over_emission_list_with_its_serious_case_and_its_xlsx_has_the_pages_rows()
    {
        var year = await FindingYearAsync(SeriousOverEmission);
        await using var visitor = await app.OpenAsync();
        var page = visitor.Page;
        await OpenFromHomeAsync(page, "超标排放企业名单", "/public/over-emission", year);
        await Expect(page.Locator("#list-title")).ToHaveTextAsync($"郴州市{year}年超标排放企业名单");
        var row = page.Locator("#public-list tbody tr", new() { HasText = SeriousOverEmission });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("永兴县");
        await Expect(row).ToContainTextAsync("超标排放情节严重");
        await Expect(row).ToContainTextAsync("报经有批准权的人民政府批准"); // the step, in the definition's words
        // Only environment cases: the sealed paper machine (technology) is not an over-emitter.
        await Expect(page.Locator("#public-list tbody tr", new() { HasText = SealedEnterprise })).ToHaveCountAsync(0);
        await AssertNothingInternalAsync(page);
        await AssertExportHasThePagesRowsAsync(page, $"郴州市{year}年超标排放企业名单.xlsx");
    }

    [Fact]
    public async Task A_visitor_reads_the_notice_of_sealed_equipment_the_product_publishes_with_the_government_websites_copy()
    {
        var caseId = await app.CaseIdAsync(SealedEnterprise);
        var noticed = await app.ScalarAsync<DateOnly>(
            """
            select (min(at) at time zone 'Asia/Shanghai')::date from capacity_exit.case_history where case_id = @id and to_state = 'awaiting-demolition'
            """, ("id", caseId));
        var demolition = await app.ScalarAsync<DateOnly>("select finding_date + 120 from capacity_exit.cases where id = @id", ("id", caseId));
        await using var visitor = await app.OpenAsync();
        var page = visitor.Page;
        await OpenFromHomeAsync(page, "封存设备公告", "/public/sealed-equipment", noticed.Year);
        await Expect(page.Locator("#list-title")).ToHaveTextAsync($"郴州市{noticed.Year}年封存设备公告");
        var row = page.Locator("#public-list tbody tr", new() { HasText = SealedEnterprise });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("1092型窄幅低速造纸机生产线");
        await Expect(row).ToContainTextAsync(noticed.ToString("yyyy-MM-dd"));
        await Expect(row).ToContainTextAsync(demolition.ToString("yyyy-MM-dd"));
        await Expect(row).ToContainTextAsync("封存待拆（限时拆除）");
        await Expect(row).ToContainTextAsync(GovernmentNoticeUrl);
        // An exited case that was demolished at once was never sealed: no notice of it.
        await Expect(page.Locator("#public-list tbody tr", new() { HasText = ExitedEnterprise })).ToHaveCountAsync(0);
        await AssertNothingInternalAsync(page);
        await AssertExportHasThePagesRowsAsync(page, $"郴州市{noticed.Year}年封存设备公告.xlsx");

        await row.GetByRole(AriaRole.Link, new() { Name = "查看公告" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/public/sealed-equipment/{caseId}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"关于{SealedEnterprise}落后工艺技术装备封存及限时拆除的公告" })).ToBeVisibleAsync();
        await Expect(page.Locator("#sealing-measures")).ToHaveTextAsync("已断水、断电，拆除传动电机及真空泵，对造纸机网部、压榨部加贴封条");
        await Expect(page.Locator("#demolition-date")).ToHaveTextAsync(demolition.ToString("yyyy-MM-dd"));
        await Expect(page.Locator("#government-notice")).ToHaveAttributeAsync("href", GovernmentNoticeUrl);
        await Expect(page.Locator("#sealed-notice")).ToContainTextAsync("郴州市淘汰落后产能工作领导小组办公室");
        await Expect(page.Locator("#sealed-notice")).ToContainTextAsync("企业已向社会公开承诺不再恢复生产");
        await Screens.TakeAsync(page, "35-public-sealed-equipment-notice");
        await AssertNothingInternalAsync(page);

        // A case that never reached the notice has none.
        using var http = await app.HttpAsync();
        using var response = await http.Client.GetAsync($"/public/sealed-equipment/{await app.CaseIdAsync(ExitedEnterprise)}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_visitor_reads_the_census_results_of_the_year_and_its_xlsx_has_the_pages_rows()
    {
        var year = await FindingYearAsync(SealedEnterprise);
        await using var visitor = await app.OpenAsync();
        var page = visitor.Page;
        await OpenFromHomeAsync(page, "落后产能摸排结果公示", "/public/census", year);
        await Expect(page.Locator("#list-title")).ToHaveTextAsync($"郴州市{year}年落后产能摸排结果公示");
        // Every standard's findings of the year, with where each stands now.
        var sealedRow = page.Locator("#public-list tbody tr", new() { HasText = SealedEnterprise });
        await Expect(sealedRow).ToContainTextAsync("技术");
        await Expect(sealedRow).ToContainTextAsync("宜章县");
        var serious = page.Locator("#public-list tbody tr", new() { HasText = SeriousOverEmission });
        await Expect(serious).ToContainTextAsync("环保");
        await Expect(serious).ToContainTextAsync("1.2");
        var expected = await app.ScalarAsync<long>(
            """
            select count(*) from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id
            join capacity_exit.enterprises e on e.id = i.enterprise_id join capacity_exit.jurisdictions j on j.id = e.county_id
            join capacity_exit.jurisdictions city on city.id = j.parent_id
            where city.code = '431000' and extract(year from c.finding_date) = @year and c.status <> 'Withdrawn'
            """, ("year", year));
        await Expect(page.Locator("#public-list tbody tr")).ToHaveCountAsync((int)expected);
        await AssertNothingInternalAsync(page);
        await AssertExportHasThePagesRowsAsync(page, $"郴州市{year}年落后产能摸排结果公示.xlsx");
    }

    [Fact]
    public async Task A_visitor_reads_each_countys_completion_of_its_annual_target_and_its_xlsx_has_the_pages_rows()
    {
        // The demo's target of 郑州 (DemoMoments): 中原区's 60 万吨/年 of clinker, its last day past, nothing exited.
        var (year, due) = (await app.ScalarAsync<int>("select year from capacity_exit.annual_targets t join capacity_exit.jurisdictions j on j.id = t.jurisdiction_id where j.code = '410102'"),
            await app.ScalarAsync<DateOnly>("select due_on from capacity_exit.annual_targets t join capacity_exit.jurisdictions j on j.id = t.jurisdiction_id where j.code = '410102'"));
        await using var visitor = await app.OpenAsync();
        var page = visitor.Page;
        await OpenFromHomeAsync(page, "年度淘汰落后产能任务完成情况", "/public/targets", year, ("郑州市", "410100"));
        await Expect(page.Locator("#list-title")).ToHaveTextAsync($"郑州市{year}年各县市区年度淘汰落后产能任务完成情况");
        var row = page.Locator("#public-list tbody tr", new() { HasText = "中原区" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td")).ToHaveTextAsync(new[] { "中原区", "水泥熟料", "60", "万吨/年", due.ToString("yyyy-MM-dd"), "0", "0", "未完成" });
        await Screens.TakeAsync(page, "36-public-targets");
        await AssertNothingInternalAsync(page);
        Assert.DoesNotContain("zhengzhou-office", await page.ContentAsync()); // who set the target is not published
        await AssertExportHasThePagesRowsAsync(page, $"郑州市{year}年年度淘汰落后产能任务完成情况.xlsx");
    }

    [Fact]
    public async Task The_published_lists_read_in_English_and_refuse_a_bad_year_by_name()
    {
        await using var visitor = await app.OpenAsync();
        var page = visitor.Page;
        await page.GotoAsync("/public/census?City=431000");
        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page.Locator("#list-title")).ToContainTextAsync("Census of backward capacity, 郴州市");
        await Expect(page.Locator("#public-nav")).ToContainTextAsync("Sealed equipment");
        var bad = await page.GotoAsync("/public/targets?City=431000&Year=twenty");
        Assert.Equal(400, bad!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("the year is four digits, e.g. 2026");
    }

    private Task<int> FindingYearAsync(string enterprise) => app.ScalarAsync<int>(
        """
        select extract(year from c.finding_date)::int from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id
        join capacity_exit.enterprises e on e.id = i.enterprise_id where e.name = @name
        """, ("name", enterprise));

    /// <summary>From the home page by the link's name, then the city (郴州 unless named) and the year chosen in the page's own form.</summary>
    private static async Task OpenFromHomeAsync(IPage page, string link, string path, int year, (string Name, string Code)? city = null)
    {
        var (cityName, cityCode) = city ?? ("郴州市", "431000");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(path)}$"));
        // The same page is linked from every public page's navigation.
        await Expect(page.Locator($"#public-nav a[href='{path}']")).ToHaveCountAsync(1);
        await page.Locator("#City").SelectOptionAsync(new SelectOptionValue { Label = cityName });
        await page.Locator("#Year").SelectOptionAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"City={cityCode}&Year={year}"));
    }

    /// <summary>The page's 导出Excel: the file's name, headers and every row's cells as the page shows them, in its order.</summary>
    private static async Task AssertExportHasThePagesRowsAsync(IPage page, string fileName)
    {
        var headers = (await page.Locator("#public-list thead th").AllInnerTextsAsync()).Select(h => h.Trim()).ToList();
        var rows = page.Locator("#public-list tbody tr");
        var shown = new List<List<string>>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            shown.Add((await rows.Nth(i).Locator("td").AllInnerTextsAsync()).Select(c => c.Trim()).ToList());
        }

        Assert.NotEmpty(shown);
        var export = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
        Assert.Equal(fileName, export.SuggestedFilename);
        using var stream = File.OpenRead(await export.PathAsync());
        var file = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(shown.Count, file.Count);
        var columns = file[0].Keys.ToList();
        Assert.Equal(headers.Take(columns.Count), columns);
        for (var r = 0; r < shown.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                Assert.Equal(shown[r][c], Cell(file[r][columns[c]]));
            }
        }
    }

    /// <summary>A cell as the page writes it: dates as yyyy-MM-dd, numbers without trailing zeros.</summary>
    private static string Cell(object? value) => value switch
    {
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        decimal n => n.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        double n => ((decimal)n).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        null => "",
        _ => value.ToString()!.Trim(),
    };

    /// <summary>
    /// A public page names no officer or login, no mailbox, no document, no case link or history, and no engine key
    /// (state, list or variable names).
    /// </summary>
    private static async Task AssertNothingInternalAsync(IPage page)
    {
        var html = await page.ContentAsync();
        foreach (var internalText in new[]
                 {
                     "演示用户", "@example.org", "chenzhou-", "/documents/", "/cases/", "signed-in-as", "承诺书", "验收意见",
                     "awaiting-demolition", "sealed-equipment-notice", "over-emission-serious", "closure-approval", "governmentNoticeUrl",
                     "sealingMeasures", "demolitionDate", "orderPeriod", "profile:",
                 })
        {
            Assert.DoesNotContain(internalText, html);
        }
    }
}
