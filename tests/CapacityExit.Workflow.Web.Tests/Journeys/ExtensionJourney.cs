using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Journeys;

/// <summary>
/// The journey of issue 16: a bureau officer asks for more time on an energy case with the enterprise's application;
/// the supervisor finds it in 我的待办 and approves it; the officer sees the new deadline. An officer of another bureau
/// can neither see the case nor post to its forms; an auditor sees everything and can change nothing.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ExtensionJourney(WebApp app)
{
    /// <summary>郴州's cement works, failing the energy standard: 工信局 (chenzhou-industryit) is responsible.</summary>
    private const string Enterprise = "郴州示例建材水泥有限公司";

    private static readonly byte[] ApplicationPdf =
        "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task An_officer_asks_for_an_extension_the_supervisor_approves_it_and_the_officer_sees_the_new_deadline()
    {
        var caseId = await app.CaseIdAsync(Enterprise);
        DateOnly originalLastDay;

        // 1. The officer of 工信局 finds the case in the list and asks for an extension with the enterprise's application.
        await using (var officer = await app.OpenAsync())
        {
            var page = officer.Page;
            await officer.SignInAsync(DemoPeople.IndustryOfficer);
            await Screens.TakeAsync(page, "05-dashboard-bureau-officer");
            await page.GotoAsync("/cases");
            await Screens.TakeAsync(page, "06-case-list");
            await page.GetByRole(AriaRole.Link, new() { Name = Enterprise, Exact = true }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/cases/{caseId}$"));
            await Expect(page.Locator("#state-title")).ToHaveTextAsync("限期整改（6个月内整改达标）");
            var deadline = page.Locator("#deadline li", new() { HasText = "整改期限届满" });
            await Expect(deadline).ToHaveTextAsync(new Regex(@"整改期限届满：\d{4}-\d{2}-\d{2}\s*（还剩\d+天）"));
            originalLastDay = DayIn(await deadline.InnerTextAsync());
            await Screens.TakeAsync(page, "07-case-page-before");

            await page.GetByRole(AriaRole.Link, new() { Name = "申请延长整改期限" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/cases/{caseId}/act/request-extension$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "申请延长整改期限" })).ToBeVisibleAsync();
            // The application states what it asks for, why, and the enterprise's document (经申请可延长).
            await page.Locator("#reason").FillAsync("窑炉节能改造设备到货延迟，需延长一个月完成安装调试");
            await page.Locator("#documentRef").FillAsync("示例建材〔2026〕8号");
            await page.Locator("#requestedPeriod").FillAsync("P1M");
            await page.Locator("#attachment").SetInputFilesAsync(new FilePayload
            {
                Name = "延期申请.pdf", MimeType = "application/pdf", Buffer = ApplicationPdf,
            });
            await Screens.TakeAsync(page, "08-request-extension-form");
            await page.Locator("#submit-action").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/cases/{caseId}\\?done="));
            await Expect(page.Locator("#done")).ToHaveTextAsync("已办理：申请延长整改期限");
            await Expect(page.Locator("#state-title")).ToHaveTextAsync("延期申请待审批");
            await Expect(page.Locator("#documents").GetByRole(AriaRole.Link, new() { Name = "延期申请.pdf" })).ToBeVisibleAsync();
            // The officer cannot decide their own request: no approval among their actions.
            await Expect(page.Locator("#actions").GetByText("批准延期")).ToHaveCountAsync(0);
        }

        // 2. The supervisor finds the request in 我的待办 and approves it, three weeks past the original last day.
        var newLastDay = originalLastDay.AddDays(21);
        await using (var supervisor = await app.OpenAsync())
        {
            var page = supervisor.Page;
            await supervisor.SignInAsync(DemoPeople.Supervisor);
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "我的待办" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/tasks$"));
            var row = page.Locator("#tasks tbody tr", new() { HasText = Enterprise });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator("td").First).ToHaveTextAsync("审批延期申请");
            await Screens.TakeAsync(page, "10-my-tasks-supervisor");
            await row.GetByRole(AriaRole.Link, new() { Name = "审批延期申请" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/cases/{caseId}#actions$"));
            await page.Locator("#actions").GetByRole(AriaRole.Link, new() { Name = "批准延期" }).ClickAsync();
            await page.Locator("#newLastDay").FillAsync(newLastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await Screens.TakeAsync(page, "11-approve-extension-form");
            await page.Locator("#submit-action").ClickAsync();

            await Expect(page.Locator("#done")).ToHaveTextAsync(new Regex("已办理：.*批准延期"));
            await Expect(page.Locator("#state-title")).ToHaveTextAsync("延期整改");
            await page.GotoAsync("/tasks");
            await Expect(page.Locator("#tasks tbody tr", new() { HasText = Enterprise })).ToHaveCountAsync(0);
        }

        // 3. The officer sees the new deadline on the case page, and the approval in the timeline.
        await using (var officer = await app.OpenAsync())
        {
            var page = officer.Page;
            await officer.SignInAsync(DemoPeople.IndustryOfficer);
            await page.GotoAsync($"/cases/{caseId}");

            await Expect(page.Locator("#state-title")).ToHaveTextAsync("延期整改");
            var deadline = page.Locator("#deadline li", new() { HasText = "延长的整改期限届满" });
            await Expect(deadline).ToHaveTextAsync(new Regex(
                $"延长的整改期限届满：{newLastDay:yyyy-MM-dd}\\s*（还剩{newLastDay.DayNumber - TodayInBeijing().DayNumber}天）"));
            await Expect(page.Locator("#deadline li", new() { HasText = "整改期限届满：" + originalLastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }))
                .ToHaveCountAsync(0);
            var approval = page.Locator("#timeline li", new() { HasText = "批准延期" });
            await Expect(approval).ToHaveCountAsync(1);
            await Expect(approval).ToContainTextAsync(DemoPeople.SupervisorName);
            // The calculus's explanation of the new deadline (which rule; provisional while a year's holidays are not in).
            await Expect(approval.Locator("div")).Not.ToBeEmptyAsync();
            await Expect(page.Locator("#timeline li", new() { HasText = "申请延长整改期限" })).ToHaveCountAsync(1);
            await Screens.TakeAsync(page, "12-case-page-extended");
        }
    }

    [Fact]
    public async Task An_officer_of_another_bureau_can_neither_see_the_case_nor_post_to_its_forms()
    {
        // A case of its own (郴州's lead smelter, 工信局's too) so the journey above and this test do not meet.
        var caseId = await app.CaseIdAsync("郴州示例有色铅业有限公司");

        // The responsible officer opens the withdrawal form: that is the form post to replay.
        await using var owner = await app.OpenAsync();
        await owner.SignInAsync(DemoPeople.IndustryOfficer);
        var form = await owner.Page.GotoAsync($"/cases/{caseId}/act/withdraw");
        Assert.Equal(200, form!.Status);
        var before = await app.CaseWritesAsync(caseId);

        // 发改局's officer: the case page and its forms read as absent.
        using var other = await app.HttpAsync(DemoPeople.DevelopmentOfficer);
        using var casePage = await other.Client.GetAsync($"/cases/{caseId}");
        using var formPage = await other.Client.GetAsync($"/cases/{caseId}/act/withdraw");
        Assert.Equal(HttpStatusCode.NotFound, casePage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, formPage.StatusCode);

        // Replay the form post with the other officer's own cookie and antiforgery token (from a page they may see).
        var token = HttpSession.AntiforgeryToken(await other.Client.GetStringAsync("/dashboard"));
        using var body = new MultipartFormDataContent
        {
            { new StringContent("重复立案，撤销"), "reason" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var replay = await other.Client.PostAsync($"/cases/{caseId}/act/withdraw", body);

        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal(before, await app.CaseWritesAsync(caseId));
        // The owner's page still shows the case open, nothing withdrawn.
        await owner.Page.GotoAsync($"/cases/{caseId}");
        await Expect(owner.Page.Locator("#timeline li", new() { HasText = "撤销" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_auditor_sees_every_case_and_its_documents_and_can_change_nothing()
    {
        var caseId = await app.CaseIdAsync("郴州示例烟花制造有限公司");
        await using var auditor = await app.OpenAsync();
        var page = auditor.Page;
        await auditor.SignInAsync(DemoPeople.Auditor);

        await page.GotoAsync("/cases");
        foreach (var enterprise in new[] { Enterprise, "郴州示例有色铅业有限公司", "郴州示例烟花制造有限公司" })
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = enterprise, Exact = true })).ToBeVisibleAsync();
        }

        await page.GotoAsync($"/cases/{caseId}");
        await Expect(page.Locator("#facts")).ToContainTextAsync("郴州示例烟花制造有限公司");
        await Expect(page.Locator("#no-actions")).ToHaveTextAsync("您在本案件当前阶段没有可办理的事项。");
        await Screens.TakeAsync(page, "13-case-page-auditor");

        // Posting anyway, with the auditor's own valid token: refused, nothing written.
        var before = await app.CaseWritesAsync(caseId);
        using var http = await app.HttpAsync(DemoPeople.Auditor);
        var token = HttpSession.AntiforgeryToken(await http.Client.GetStringAsync("/dashboard"));
        using var body = new MultipartFormDataContent
        {
            { new StringContent("审计员试图撤销"), "reason" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var withdraw = await http.Client.PostAsync($"/cases/{caseId}/act/withdraw", body);
        using var form = await http.Client.GetAsync($"/cases/{caseId}/act/withdraw");

        Assert.Equal(HttpStatusCode.Forbidden, HttpSession.Refusal(withdraw));
        Assert.Equal(HttpStatusCode.Forbidden, HttpSession.Refusal(form));
        Assert.Equal(before, await app.CaseWritesAsync(caseId));
        using var newCase = await http.Client.GetAsync("/cases/new");
        Assert.Equal(HttpStatusCode.Forbidden, HttpSession.Refusal(newCase));
    }

    private static DateOnly DayIn(string text) =>
        DateOnly.ParseExact(Regex.Match(text, @"\d{4}-\d{2}-\d{2}").Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly TodayInBeijing() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
}
