using System.Net;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Public;

/// <summary>
/// 未受理的举报: a robot's 举报 is refused and kept; the city's office finds it from 举报核实, with its address, reason and
/// what was typed shown as text (never as markup), filters it by reason and day and exports it; another city's office
/// does not see it, a bureau officer and a visitor cannot open the page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RefusedReportsPageTests(WebApp app)
{
    [Fact]
    public async Task A_robots_report_is_refused_and_the_office_reads_it_as_typed_and_exports_it_and_nobody_else_does()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var address = $"203.0.115.{Random.Shared.Next(1, 254)}";
        var enterprise = $"<b>机器人{tag}</b>";
        const string seen = "=HYPERLINK(\"http://spam.example\")";
        using (var robot = await app.HttpAsync())
        {
            robot.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            var county = await app.ScalarAsync<int>("select id from capacity_exit.jurisdictions where code = '431003'");
            var token = HttpSession.AntiforgeryToken(await robot.Client.GetStringAsync("/public/report"));
            using var refused = await robot.PostAsync("/public/report", new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Enterprise"] = enterprise, ["Input.CountyId"] = county.ToString(),
                ["Input.Place"] = "苏仙区示例路", ["Input.Standard"] = "energy", ["Input.WhatWasSeen"] = seen, ["website"] = "http://spam.example",
            });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var day = await app.ScalarAsync<DateOnly>(
            "select (submitted_at at time zone 'Asia/Shanghai')::date from capacity_exit.public_reports where client_address = @a", ("a", address));
        var today = day.ToString("yyyy-MM-dd");

        await using (var office = await app.OpenAsync())
        {
            await office.SignInAsync(DemoPeople.Office);
            var page = office.Page;
            await page.GotoAsync("/verifications");
            await page.Locator("#refused").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/verifications/refused$"));
            await page.Locator("#Reason").SelectOptionAsync("robot");
            await page.Locator("#From").FillAsync(today);
            await page.Locator("#To").FillAsync(today);
            await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
            var row = page.Locator("#refused tbody tr", new() { HasText = address });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("疑似机器提交");
            await Expect(row).ToContainTextAsync(enterprise); // the tags as characters: encoded, not rendered
            await Expect(row.Locator("b")).ToHaveCountAsync(0);
            await Expect(row).ToContainTextAsync(seen);
            await Expect(row).ToContainTextAsync("苏仙区");
            await Screens.TakeAsync(page, "36-refused-reports");

            var export = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
            Assert.Equal("未受理的举报.xlsx", export.SuggestedFilename);
            using var stream = File.OpenRead(await export.PathAsync());
            var line = Assert.Single(MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>(), r => r["来源地址"]?.ToString() == address);
            Assert.Equal(enterprise, line["被举报企业"]?.ToString());
            Assert.Equal("'" + seen, line["看到的情况"]?.ToString()); // kept as text: a formula typed in opens as text, a quote in front (CellText)
            Assert.Equal("疑似机器提交", line["未受理原因"]?.ToString());

            // The other reason, or a day range before it, leaves it out.
            await page.GotoAsync($"/verifications/refused?reason=rate-limit&from={today}");
            await Expect(page.Locator("#refused tbody tr", new() { HasText = address })).ToHaveCountAsync(0);
            await page.GotoAsync($"/verifications/refused?to={day.AddDays(-1):yyyy-MM-dd}");
            await Expect(page.Locator("#refused tbody tr", new() { HasText = address })).ToHaveCountAsync(0);
            await page.GotoAsync("/verifications/refused?reason=spam");
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("“spam”不是未受理的原因");
        }

        // Another city's office reads its own city's only; a bureau officer (any city) and a visitor cannot open the page.
        using (var otherOffice = await app.HttpAsync("zhengzhou-office"))
        {
            using var response = await otherOffice.Client.GetAsync("/verifications/refused");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(address, await response.Content.ReadAsStringAsync());
        }

        foreach (var login in new[] { "changchun-industryit", DemoPeople.IndustryOfficer })
        {
            using var bureau = await app.HttpAsync(login);
            using var response = await bureau.Client.GetAsync("/verifications/refused");
            Assert.Equal(HttpStatusCode.Forbidden, HttpSession.Refusal(response));
            using var file = await bureau.Client.GetAsync("/verifications/refused?handler=xlsx");
            Assert.Equal(HttpStatusCode.Forbidden, HttpSession.Refusal(file));
        }

        using var visitor = await app.HttpAsync();
        using var anonymous = await visitor.Client.GetAsync("/verifications/refused?handler=xlsx");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/?ReturnUrl=", anonymous.Headers.Location?.OriginalString);
    }
}
