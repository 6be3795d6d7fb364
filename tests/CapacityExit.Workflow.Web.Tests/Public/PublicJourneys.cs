using System.Net;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Public;

/// <summary>
/// Issue 17's journeys: a visitor reads the annual exit list and a closure notice, files a 举报 and gets a receipt; the
/// verifying bureau's officer confirms it and a case is opened; the public result page says so. Nothing internal shows on
/// the public pages. The office imports a census with a bad row (nothing written), fixes it, imports, and exports the list.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PublicJourneys(WebApp app)
{
    /// <summary>The demo's exited enterprise (src/CapacityExit.Workflow.Demo/DemoPublic.cs).</summary>
    private const string ExitedEnterprise = "郴州示例小型钢铁有限公司";

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_visitor_reads_the_exit_list_and_files_a_report_the_bureau_confirms_it_and_the_result_is_published()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var reported = $"苏仙区示例黑火药作坊{suffix}";
        string receipt;
        await using (var visitor = await app.OpenAsync())
        {
            // A browser of its own address (a proxy in front says which): the rate-limit test's submissions are not this person's.
            await visitor.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.17" });
            var page = visitor.Page;
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "年度淘汰落后产能企业名单" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/public/exit-list$"));
            await page.Locator("#City").SelectOptionAsync(new SelectOptionValue { Label = "郴州市" });
            await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
            await Expect(page.Locator("#list-title")).ToHaveTextAsync(new Regex(@"^郴州市\d{4}年淘汰落后产能企业名单$"));
            var row = page.Locator("#public-list tbody tr", new() { HasText = ExitedEnterprise });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("0.5吨中频炉（地条钢）");
            await Expect(row).ToContainTextAsync("钢铁");
            await Expect(row).ToContainTextAsync("万吨/年");
            await Expect(row).ToContainTextAsync("立即拆除主体设备"); // how it exited: the definition's step with the exit deadline
            await Screens.TakeAsync(page, "30-public-exit-list");
            await AssertNothingInternalAsync(page);

            await row.GetByRole(AriaRole.Link, new() { Name = "关停公告" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"关于{ExitedEnterprise}落后产能关停退出的公告" })).ToBeVisibleAsync();
            await Expect(page.Locator("#closure-notice")).ToContainTextAsync("郴州市淘汰落后产能工作领导小组办公室");
            await AssertNothingInternalAsync(page);

            // The 举报 form, with a photo.
            await page.GotoAsync("/public/report");
            await page.Locator("#Input_Enterprise").FillAsync(reported);
            await page.Locator("#Input_CountyId").SelectOptionAsync(new SelectOptionValue { Label = "郴州市苏仙区" });
            await page.Locator("#Input_Place").FillAsync("苏仙区示例镇示例村");
            await page.Locator("#Input_Standard").SelectOptionAsync("safety");
            await page.Locator("#Input_WhatWasSeen").FillAsync("已责令停产的黑火药车间夜间仍在生产");
            await page.Locator("#Photo").SetInputFilesAsync(new FilePayload { Name = "现场.png", MimeType = "image/png", Buffer = Png });
            await Screens.TakeAsync(page, "31-public-report-form");
            await page.Locator("#submit-report").ClickAsync();

            await Expect(page.Locator("#receipt-panel")).ToContainTextAsync("举报已受理");
            receipt = (await page.Locator("#receipt").InnerTextAsync()).Trim();
            Assert.Matches("^JB[2-9A-Z]{12}$", receipt);
            await Expect(page.Locator("#status")).ToContainTextAsync("正在核实，最迟于");
            await Expect(page.Locator("#result")).ToContainTextAsync("郴州市应急管理局");
            await Screens.TakeAsync(page, "32-public-report-receipt");
        }

        // The verification task is 应急管理局's (safety), due within the profile's five working days.
        var reportId = await app.ScalarAsync<long>("select id from capacity_exit.public_reports where receipt_number = @r", ("r", receipt));
        Assert.Equal("198.51.100.17", await app.ScalarAsync<string>("select client_address from capacity_exit.public_reports where id = @id", ("id", reportId)));
        await using (var officer = await app.OpenAsync())
        {
            var page = officer.Page;
            await officer.SignInAsync("chenzhou-emergencymanagement");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "举报核实" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = reported }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/verifications/{reportId}$"));
            await Expect(page.Locator("#what-was-seen")).ToHaveTextAsync("已责令停产的黑火药车间夜间仍在生产");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "查看照片" })).ToBeVisibleAsync();

            await page.Locator("#Input_CreditCode").FillAsync(CreditCode.Complete($"91431003MA{Random.Shared.Next(1_000_000, 9_999_999)}"));
            await page.Locator("#Input_Industry").SelectOptionAsync("Fireworks");
            await page.Locator("#Input_Item").FillAsync("黑火药生产线");
            await page.Locator("#Input_Amount").FillAsync("50");
            await page.Locator("#Input_Unit").FillAsync("吨/年");
            await Screens.TakeAsync(page, "33-verification-confirm");
            await page.Locator("#confirm").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(@"/cases/\d+\?done="));
            await Expect(page.Locator("#done")).ToContainTextAsync("举报核实属实，已立案");
        }

        var caseId = await app.ScalarAsync<long>("select case_id from capacity_exit.public_reports where id = @id", ("id", reportId));
        Assert.Equal(reported, await app.ScalarAsync<string>(
            """
            select e.name from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id
            join capacity_exit.enterprises e on e.id = i.enterprise_id where c.id = @id
            """, ("id", caseId)));
        Assert.Equal(1L, await app.ScalarAsync<long>("select count(*) from capacity_exit.workflow_instances where case_id = @id", ("id", caseId)));

        await using (var visitor = await app.OpenAsync())
        {
            var page = visitor.Page;
            await page.GotoAsync("/public/reports");
            await page.Locator("#Receipt").FillAsync(receipt.ToLowerInvariant());
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/public/reports/{receipt}$"));
            await Expect(page.Locator("#status")).ToContainTextAsync("经核实，举报情况属实，已依法立案查处");
            await AssertNothingInternalAsync(page);
        }
    }

    [Fact]
    public async Task The_office_imports_a_census_sees_the_bad_row_and_nothing_written_fixes_it_imports_and_exports_the_list()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var first = $"郴州摸排示例焦化{tag}有限公司";
        var second = $"郴州摸排示例水泥{tag}有限公司";
        var goodCode = CreditCode.Complete($"91431003MA{Random.Shared.Next(1_000_000, 9_999_999)}");
        var secondCode = CreditCode.Complete($"91431021MA{Random.Shared.Next(1_000_000, 9_999_999)}");
        var badCode = secondCode[..17] + (secondCode[17] == '0' ? '1' : '0');
        var sheetPath = Path.Combine(Path.GetTempPath(), $"census-{tag}.xlsx");

        await using var office = await app.OpenAsync();
        var page = office.Page;
        await office.SignInAsync(DemoPeople.Office);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "摸排导入" }).ClickAsync();

        // The template: the Chinese headers the import reads.
        var template = await page.RunAndWaitForDownloadAsync(() => page.Locator("#template").ClickAsync());
        using (var stream = File.OpenRead(await template.PathAsync()))
        {
            var headers = ((IDictionary<string, object?>)MiniExcel.Query(stream, useHeaderRow: false).First()).Values.Select(v => v?.ToString()).ToList();
            Assert.Equal(["统一社会信用代码", "企业名称", "县（市、区）", "行业", "生产线或主体设备", "产能", "产能单位", "标准", "认定日期", "责任部门", "认定依据", "案件事实（可选）"], headers);
        }

        // 1. One wrong credit code: the row's reason on the page and in the .xlsx, nothing written.
        WriteCensus(sheetPath, (goodCode, first), (badCode, second));
        await page.Locator("#Sheet").SetInputFilesAsync(sheetPath);
        await page.Locator("#import").ClickAsync();
        var problem = page.Locator("#problems tbody tr");
        await Expect(problem).ToHaveCountAsync(1);
        await Expect(problem.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Expect(problem.Locator("td").Nth(1)).ToHaveTextAsync("统一社会信用代码");
        await Expect(problem.Locator("td").Nth(2)).ToHaveTextAsync(badCode);
        await Expect(problem.Locator("td").Nth(3)).ToContainTextAsync("校验");
        await Screens.TakeAsync(page, "34-census-bad-row");
        var href = await page.Locator("#problems-xlsx").GetAttributeAsync("href");
        using (var problems = new MemoryStream(Convert.FromBase64String(href![(href!.IndexOf(',') + 1)..])))
        {
            var rows = MiniExcel.Query(problems, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Single(rows);
            Assert.Equal("3", rows[0]["行"]?.ToString());
            Assert.Equal(badCode, rows[0]["填写的值"]?.ToString());
        }

        Assert.Equal(0L, await EnterprisesNamedAsync(tag));

        // 2. Fixed: both cases open, each with its workflow; importing the same file again opens nothing twice.
        WriteCensus(sheetPath, (goodCode, first), (secondCode, second));
        await page.Locator("#Sheet").SetInputFilesAsync(sheetPath);
        await page.Locator("#import").ClickAsync();
        await Expect(page.Locator("#census-done")).ToContainTextAsync("已立案 2 件，流程已启动");
        Assert.Equal(2L, await EnterprisesNamedAsync(tag));
        Assert.Equal(2L, await app.ScalarAsync<long>(
            """
            select count(*) from capacity_exit.workflow_instances w join capacity_exit.cases c on c.id = w.case_id
            join capacity_exit.capacity_items i on i.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = i.enterprise_id
            where e.name like '%' || @tag || '%'
            """, ("tag", tag)));
        await page.Locator("#Sheet").SetInputFilesAsync(sheetPath);
        await page.Locator("#import").ClickAsync();
        await Expect(page.Locator("#census-done")).ToContainTextAsync("已立案 0 件");
        await Expect(page.Locator("#already")).ToContainTextAsync("2 行此前已立案");
        Assert.Equal(2L, await app.ScalarAsync<long>(
            """
            select count(*) from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id
            join capacity_exit.enterprises e on e.id = i.enterprise_id where e.name like '%' || @tag || '%'
            """, ("tag", tag)));

        // 3. The case list filtered to them, exported: the file has the page's rows.
        await page.GotoAsync($"/cases?Q={tag}");
        var shown = await page.Locator("#cases tbody tr td:nth-child(1)").AllInnerTextsAsync();
        Assert.Equal(2, shown.Count);
        var export = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
        Assert.Equal("案件列表.xlsx", export.SuggestedFilename);
        using (var stream = File.OpenRead(await export.PathAsync()))
        {
            var rows = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(shown.Select(s => s.Trim()), rows.Select(r => Convert.ToInt64(r["案号"], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), rows.Select(r => r["企业名称"]?.ToString() ?? "").Order(StringComparer.Ordinal));
        }

        File.Delete(sheetPath);
    }

    [Fact]
    public async Task The_eleventh_report_in_a_minute_from_one_address_is_refused_and_kept_and_a_robot_is_refused()
    {
        var address = $"203.0.113.{Random.Shared.Next(1, 254)}";
        using var session = await app.HttpAsync();
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        var county = await app.ScalarAsync<int>("select id from capacity_exit.jurisdictions where code = '431003'");
        var token = HttpSession.AntiforgeryToken(await session.Client.GetStringAsync("/public/report"));
        Dictionary<string, string> Form(int n) => new()
        {
            ["__RequestVerificationToken"] = token, ["Input.Enterprise"] = $"限流测试企业{n}", ["Input.CountyId"] = county.ToString(),
            ["Input.Place"] = "苏仙区", ["Input.Standard"] = "energy", ["Input.WhatWasSeen"] = "窑炉冒黑烟", ["website"] = "",
        };

        var statuses = new List<HttpStatusCode>();
        for (var n = 1; n <= 11; n++)
        {
            using var response = await session.PostAsync("/public/report", Form(n));
            statuses.Add(response.StatusCode);
            if (n == 11)
            {
                Assert.Contains("提交过于频繁", await response.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Redirect, 10).Append(HttpStatusCode.TooManyRequests), statuses);
        Assert.Equal(11L, await app.ScalarAsync<long>("select count(*) from capacity_exit.public_reports where client_address = @a", ("a", address)));
        Assert.Equal("限流测试企业11", await app.ScalarAsync<string>(
            "select enterprise from capacity_exit.public_reports where client_address = @a and status = 'Refused' and refused_because = 'rate-limit'", ("a", address)));

        // A robot fills the field no person sees: refused, kept as such, nothing to verify.
        var robotAddress = $"203.0.114.{Random.Shared.Next(1, 254)}";
        using var robot = await app.HttpAsync();
        robot.Client.DefaultRequestHeaders.Add("X-Forwarded-For", robotAddress);
        var robotToken = HttpSession.AntiforgeryToken(await robot.Client.GetStringAsync("/public/report"));
        using var refused = await robot.PostAsync("/public/report", new Dictionary<string, string>(Form(0)) { ["__RequestVerificationToken"] = robotToken, ["website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("robot", await app.ScalarAsync<string>("select refused_because from capacity_exit.public_reports where client_address = @a", ("a", robotAddress)));
    }

    /// <summary>A public page names no officer (demo people are 演示用户·…), no mailbox, no document, no case history.</summary>
    private static async Task AssertNothingInternalAsync(IPage page)
    {
        var html = await page.ContentAsync();
        Assert.DoesNotContain("演示用户", html);
        Assert.DoesNotContain("@example.org", html);
        Assert.DoesNotContain("/documents/", html);
        Assert.DoesNotContain("/cases/", html);
        Assert.DoesNotContain("验收意见", html);
        Assert.DoesNotContain("signed-in-as", html);
    }

    private Task<long> EnterprisesNamedAsync(string tag) =>
        app.ScalarAsync<long>("select count(*) from capacity_exit.enterprises where name like '%' || @tag || '%'", ("tag", tag));

    /// <summary>A census sheet as an office fills it in: two capacities of 郴州, safety, with 应急管理局 responsible.</summary>
    private static void WriteCensus(string path, params (string Code, string Name)[] rows)
    {
        File.Delete(path);
        var lines = rows.Select((r, i) => new Dictionary<string, object?>
        {
            ["统一社会信用代码"] = r.Code, ["企业名称"] = r.Name, ["县（市、区）"] = i == 0 ? "苏仙区" : "桂阳县", ["行业"] = i == 0 ? "焦化" : "水泥",
            ["生产线或主体设备"] = $"{i + 1}号生产线", ["产能"] = 12.5m + i, ["产能单位"] = "万吨/年", ["标准"] = "安全",
            ["认定日期"] = "2026-03-02", ["责任部门"] = "郴州市应急管理局", ["认定依据"] = "郴州市2017年工作方案 §三.5", ["案件事实（可选）"] = "",
        }).ToList();
        MiniExcel.SaveAs(path, lines);
    }
}
