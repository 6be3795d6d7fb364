using System.Net;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Hostile;

/// <summary>The case action form (/cases/{id}/act/{command}) under hostile input; each test works on a 嘉兴 case of its own.</summary>
[Collection(WebCollection.Name)]
public sealed class ActionFormHostileInputTests(WebApp app)
{
    /// <summary>工信局 answers for the energy and technology cases (皮革, 化纤), 生态环境局 for the environment one (印染).</summary>
    private const string Officer = "jiaxing-industryit";
    private const string EnvironmentOfficer = "jiaxing-environment";

    [Fact]
    public async Task A_script_tag_in_a_reason_is_kept_as_text_shown_literally_in_the_timeline_and_never_runs()
    {
        const string reason = "<script>alert('pwned')</script><img src=x onerror=alert('img')> 重复立案";
        var caseId = await app.CaseIdAsync("嘉兴示例皮革有限公司");
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(Officer);
        await page.GotoAsync($"/cases/{caseId}/act/withdraw");

        await page.Locator("#reason").FillAsync(reason);
        await page.Locator("#submit-action").ClickAsync();

        await Expect(page.Locator("#done")).ToHaveTextAsync("已办理：撤销案件");
        await Expect(page.Locator("#timeline")).ToContainTextAsync(reason);
        await Expect(page.Locator("#timeline img")).ToHaveCountAsync(0);
        await Expect(page.Locator("script", new() { HasText = "pwned" })).ToHaveCountAsync(0);
        Assert.Empty(browser.Dialogs);
    }

    [Fact]
    public async Task Control_characters_are_refused_with_400_and_an_over_long_reason_gets_an_error_beside_the_field_and_nothing_is_written()
    {
        var caseId = await app.CaseIdAsync("嘉兴示例化纤有限公司");
        var before = await app.CaseWritesAsync(caseId);
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(Officer);

        await page.GotoAsync($"/cases/{caseId}/act/withdraw");
        await page.Locator("#reason").FillAsync("重复立案\u0007\u001b[31m");
        var refused = await page.RunAndWaitForResponseAsync(() => page.Locator("#submit-action").ClickAsync(), r => r.Request.Method == "POST");

        // Refused before the page runs (RequestGuards), saying why and that nothing was saved.
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#control-characters")).ToHaveTextAsync("请求中含有不可见的控制字符");
        await Expect(page.Locator("#why")).ToContainTextAsync("未保存任何内容");
        Assert.Equal(before, await app.CaseWritesAsync(caseId));
        await page.GotoAsync($"/cases/{caseId}/act/withdraw");

        // A hostile client ignores the box's maxlength.
        await page.Locator("#reason").EvaluateAsync("box => box.removeAttribute('maxlength')");
        await page.Locator("#reason").FillAsync(new string('长', 5000));
        var response = await page.RunAndWaitForResponseAsync(() => page.Locator("#submit-action").ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.InRange(response.Status, 400, 499);
        await Expect(page.Locator("#reason-error")).Not.ToBeEmptyAsync();
        Assert.Equal(before, await app.CaseWritesAsync(caseId));
    }

    [Fact]
    public async Task A_forged_antiforgery_token_on_the_action_form_is_refused_with_400_and_nothing_is_written()
    {
        var caseId = await app.CaseIdAsync("嘉兴示例印染有限公司");
        var before = await app.CaseWritesAsync(caseId);
        using var http = await app.HttpAsync(EnvironmentOfficer);
        var token = HttpSession.AntiforgeryToken(await http.Client.GetStringAsync($"/cases/{caseId}/act/withdraw"));

        using var forged = new MultipartFormDataContent
        {
            { new StringContent("重复立案"), "reason" },
            { new StringContent(token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA")), "__RequestVerificationToken" },
        };
        using var response = await http.Client.PostAsync($"/cases/{caseId}/act/withdraw", forged);
        using var none = new MultipartFormDataContent { { new StringContent("重复立案"), "reason" } };
        using var withoutToken = await http.Client.PostAsync($"/cases/{caseId}/act/withdraw", none);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(before, await app.CaseWritesAsync(caseId));
    }

    [Fact]
    public async Task A_renamed_executable_as_the_attachment_is_refused_beside_the_field_and_nothing_is_written()
    {
        var caseId = await app.CaseIdAsync("嘉兴示例印染有限公司");
        var before = await app.CaseWritesAsync(caseId);
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(EnvironmentOfficer);
        await page.GotoAsync($"/cases/{caseId}/act/withdraw");

        await page.Locator("#reason").FillAsync("重复立案");
        await page.Locator("#attachment").SetInputFilesAsync(new FilePayload
        {
            Name = "决定书.pdf", MimeType = "application/pdf", Buffer = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        });
        await page.Locator("#submit-action").ClickAsync();

        await Expect(page.Locator("#attachment-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#done")).ToHaveCountAsync(0);
        Assert.Equal(before, await app.CaseWritesAsync(caseId));
    }
}
