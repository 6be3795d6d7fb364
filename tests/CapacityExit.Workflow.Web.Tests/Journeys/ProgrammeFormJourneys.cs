using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Journeys;

/// <summary>The programme forms (issue 18): what only the CLI could record, now in the browser, through the same service.</summary>
[Collection(WebCollection.Name)]
public sealed class ProgrammeFormJourneys(WebApp app)
{
    /// <summary>A 1×1 PNG: enough for the upload check, which judges the content, not the name.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_bureau_officer_confirms_the_kiln_stop_with_the_power_suppliers_photo_and_the_programme_page_shows_it_confirmed()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(DemoPeople.IndustryOfficer);
        await page.GotoAsync("/programmes");

        await page.Locator("#to-kiln-confirm").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/programmes/kiln/confirm$"));
        // The form offers the newest shutdown day that has come and is not confirmed: a 15th, of 郴州's clinker line.
        var day = await page.Locator("#day").InputValueAsync();
        Assert.Matches(@"^\d{4}-\d{2}-15$", day);
        await Expect(page.Locator("#line option:checked")).ToHaveTextAsync("郴州示例建材水泥有限公司 2500吨/日新型干法水泥熟料生产线");
        var line = await page.Locator("#line").InputValueAsync();
        await page.GetByLabel("供电企业").CheckAsync();
        await page.Locator("#photo").SetInputFilesAsync(new FilePayload { Name = "停产现场.png", MimeType = "image/png", Buffer = Png });
        await Screens.TakeAsync(page, "18-kiln-confirm-form");

        await page.Locator("#submit-kiln-confirm").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/programmes\\?done="));
        await Expect(page.Locator("#done")).ToContainTextAsync($"已确认郴州示例建材水泥有限公司 2500吨/日新型干法水泥熟料生产线 {day}停产");
        var row = page.Locator("#kiln-recent tbody tr").Filter(new() { HasText = day });
        await Expect(row).ToContainTextAsync("已确认（供电企业，");
        await Expect(row).ToContainTextAsync("现场照片：停产现场.png");
        await Screens.TakeAsync(page, "18-programmes-kiln-confirmed");
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "select count(*) from capacity_exit.kiln_shutdowns where capacity_item_id = @line and day = @day and status = 'Confirmed' and photo_sha256 is not null",
            ("line", int.Parse(line)), ("day", DateOnly.ParseExact(day, "yyyy-MM-dd"))));
    }

    [Fact]
    public async Task The_coal_bureau_finds_the_demo_mines_holiday_breach_and_records_a_month_whose_holiday_days_are_shown_at_once()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(DemoPeople.DevelopmentOfficer);
        await page.GotoAsync("/programmes");

        // The demo mine's month with a public holiday, reported every day: 发改委's task names the holiday dates.
        await Expect(page.Locator("#coal-rule")).ToContainTextAsync("全年作业时间不超过276个工作日，原则上法定节假日不安排生产；煤矿每月生产日于次月10日前报告");
        var demoTask = page.Locator("#programme-tasks tbody tr").Filter(new() { HasText = "郴州示例煤业有限公司" });
        await Expect(demoTask).ToContainTextAsync("煤矿超作业日或节假日生产");
        await Expect(demoTask).ToContainTextAsync("法定节假日（");
        await Expect(demoTask.GetByRole(AriaRole.Link, new() { Name = "办结" })).ToBeVisibleAsync();

        await page.Locator("#to-coal-report").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/programmes/coal/report$"));
        await page.Locator("#enterprise").SelectOptionAsync(new SelectOptionValue { Label = "郴州示例煤业有限公司" });
        await page.Locator("#year").FillAsync("2026");
        await page.Locator("#month").SelectOptionAsync("5");
        // A file that is not text (a photo) is refused beside the field, and nothing is recorded.
        await page.Locator("#days-file").SetInputFilesAsync(new FilePayload { Name = "五月.csv", MimeType = "text/csv", Buffer = Png });
        await page.Locator("#submit-coal-report").ClickAsync();
        await Expect(page.Locator("#days-file-error")).ToHaveTextAsync("生产日文件应为UTF-8文本（.txt或.csv，每行一个日期或“起..止”区间，不超过256KB）");
        Assert.Equal(0L, await app.ScalarAsync<long>("select count(*) from capacity_exit.coal_production_reports where year = 2026 and month = 5"));

        // The production-days file as the mine sends it.
        await page.Locator("#days-file").SetInputFilesAsync(new FilePayload
        {
            Name = "五月.txt", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes("# 示例煤业 2026年5月\n2026-05-01..2026-05-06\n2026-05-09  # 调休上班\n"),
        });
        await page.Locator("#submit-coal-report").ClickAsync();

        await Expect(page.Locator("#coal-result h2")).ToHaveTextAsync("已登记郴州示例煤业有限公司2026年5月：7个生产日");
        var breaches = page.Locator("#coal-breaches li");
        await Expect(breaches).ToHaveTextAsync(["2026-05-01 法定节假日（劳动节）安排生产", "2026-05-02 法定节假日（劳动节）安排生产",
            "2026-05-03 法定节假日（劳动节）安排生产", "2026-05-04 法定节假日（劳动节）安排生产", "2026-05-05 法定节假日（劳动节）安排生产"]);
        await Expect(page.Locator("#coal-task")).ToContainTextAsync("已交办任务");
        await Expect(page.Locator("#coal-reports tbody tr").Filter(new() { HasText = "2026-05" })).ToContainTextAsync("7");
        await Screens.TakeAsync(page, "18-coal-report");
    }
}
