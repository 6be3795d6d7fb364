using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Journeys;

/// <summary>行业专项 at /programmes: the city's kiln shutdown days per clinker line (000 §二 水泥) and the programme tasks.</summary>
[Collection(WebCollection.Name)]
public sealed class ProgrammeJourneys(WebApp app)
{
    [Fact]
    public async Task A_bureau_officer_of_Chenzhou_sees_the_next_kiln_days_of_the_clinker_line_from_the_menu()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(DemoPeople.IndustryOfficer);

        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "行业专项" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/programmes$"));
        await Expect(page.Locator("#kiln-rule")).ToContainTextAsync("每月15日（00:00-24:00）断电停产，遇休息日不顺延；企业或供电企业于次一工作日下班前确认停产");
        var rows = page.Locator("#kiln tbody tr");
        await Expect(rows).Not.ToHaveCountAsync(0);
        await Expect(rows.First).ToContainTextAsync("郴州示例建材水泥有限公司 2500吨/日新型干法水泥熟料生产线");
        await Expect(rows.First.Locator("td").First).ToHaveTextAsync(new Regex(@"^\d{4}-\d{2}-15$"));
        await Screens.TakeAsync(page, "18-programmes-kiln");
    }

    [Fact]
    public async Task Jiaxing_has_no_kiln_programme_and_says_so()
    {
        await using var browser = await app.OpenAsync();
        await browser.SignInAsync("jiaxing-industryit");
        await browser.Page.GotoAsync("/programmes");
        await Expect(browser.Page.Locator("#no-kiln")).ToHaveTextAsync("本市工作方案没有水泥熟料装置停产安排。");
    }
}
