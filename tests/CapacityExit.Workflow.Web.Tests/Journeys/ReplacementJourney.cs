using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Journeys;

/// <summary>
/// Issue 19 in the browser: 郴州's leading-group office reads the replacement ledger the demo staged (a steel line exited in
/// 桂阳县, 30 of its 40 万吨/年 drawn by a plan), records a plan that draws the last 10, is refused a plan short of the
/// ratio with the reason beside the field, and finds the enterprise's resettlement plan on the support page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReplacementJourney(WebApp app)
{
    private const string Steel = "郴州示例退出钢铁有限公司";

    [Fact]
    public async Task The_office_draws_the_last_capacity_of_an_exited_line_and_a_short_plan_is_refused_with_its_reason()
    {
        var item = await app.ScalarAsync<int>("select i.id from capacity_exit.capacity_items i join capacity_exit.enterprises e on e.id = i.enterprise_id where e.name = @n", ("n", Steel));
        await using var office = await app.OpenAsync();
        var page = office.Page;
        await office.SignInAsync(DemoPeople.Office);

        await page.GotoAsync("/replacement");
        var row = page.Locator($"#item-{item}");
        await Expect(row).ToContainTextAsync(Steel);
        await Expect(row.Locator("td").Nth(7)).ToHaveTextAsync("10");
        await Screens.TakeAsync(page, "40-replacement-ledger");

        await page.Locator("#new-plan").ClickAsync();
        await page.Locator("#Input_County").SelectOptionAsync("431021");
        await page.Locator("#Input_Industry").SelectOptionAsync("钢铁");
        await page.Locator("#Input_ProjectName").FillAsync("郴州示例轧钢技改项目");
        await page.Locator("#Input_Applicant").FillAsync("郴州示例轧钢有限公司");
        await page.Locator("#Input_NewCapacity").FillAsync("9");
        await page.Locator($"#draw-{item}").FillAsync("10");
        await page.Locator("#record-plan").ClickAsync();

        // 9 × 1.25 = 11.25 required, 10 offered: refused, the reason shown, nothing drawn.
        await Expect(page.Locator(".error-summary, [role=alert]").First).ToContainTextAsync("少于应置换的11.25万吨/年");
        await Screens.TakeAsync(page, "41-replacement-plan-refused");

        await page.Locator("#Input_NewCapacity").FillAsync("8");
        await page.Locator("#record-plan").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/replacement$"));
        await Expect(page.Locator("#done")).ToContainTextAsync("已受理");
        await Expect(page.Locator($"#item-{item} td").Nth(7)).ToHaveTextAsync("0");
        await Screens.TakeAsync(page, "42-replacement-ledger-after");

        var code = await app.ScalarAsync<string>("select credit_code from capacity_exit.enterprises where name = @n", ("n", Steel));
        await page.GotoAsync($"/measures/support?creditCode={code}");
        await Expect(page.Locator("#plan")).ToContainTextAsync("涉及职工260人");
        await Screens.TakeAsync(page, "43-resettlement");
    }
}
