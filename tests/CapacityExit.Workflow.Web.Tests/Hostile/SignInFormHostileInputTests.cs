using System.Net;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Hostile;

/// <summary>The sign-in form (the one form every visitor reaches) under hostile input, in the browser and over HTTP.</summary>
[Collection(WebCollection.Name)]
public sealed class SignInFormHostileInputTests(WebApp app)
{
    [Fact]
    public async Task A_script_tag_typed_as_the_login_comes_back_as_text_and_never_runs()
    {
        const string login = "<script>alert('pwned')</script>";
        await using var browser = await app.OpenAsync();
        var page = browser.Page;

        await browser.SubmitSignInAsync(login, "anything-at-all-1");

        await Expect(page.Locator("#error-summary li")).ToHaveTextAsync("登录名或密码不正确。");
        await Expect(page.Locator("#Input_Login")).ToHaveValueAsync(login);
        Assert.Empty(browser.Dialogs);
        await Expect(page.Locator("script", new() { HasText = "pwned" })).ToHaveCountAsync(0);
        // Kept as data: the audit log has the login as typed.
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "select count(*) from capacity_exit.audit_events where actor = @login and kind = 'SignInFailed'", ("login", login)));
        // Over HTTP the raw page carries it encoded.
        using var http = await app.HttpAsync();
        using var response = await http.PostFormAsync("/", "/", new Dictionary<string, string> { ["Input.Login"] = login, ["Input.Password"] = "x" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task An_over_long_login_past_the_box_limit_gets_an_error_beside_the_field_and_nothing_is_written()
    {
        var login = new string('x', 5000);
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        // A hostile client ignores maxlength; the server must not rely on it.
        await page.Locator("#Input_Login").EvaluateAsync("box => box.removeAttribute('maxlength')");
        var before = await AuditRowsAsync();

        await browser.SubmitSignInAsync(login, "anything-at-all-2");

        var besideLogin = page.Locator("#Input_Login").Locator("xpath=preceding-sibling::span[1]");
        await Expect(besideLogin).ToHaveTextAsync("登录名最多60个字符（a login has at most 60 characters）");
        await Expect(page.Locator("#error-summary li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#signed-in-as")).ToHaveCountAsync(0);
        Assert.Equal(before, await AuditRowsAsync());
    }

    [Fact]
    public async Task Control_characters_and_an_over_long_password_are_refused_with_a_page_not_a_crash()
    {
        using var http = await app.HttpAsync();
        var before = await AuditRowsAsync();

        // Control characters in any form value are refused before the page runs (RequestGuards): nothing is looked up
        // or written for them, not even a failed sign-in that could forge an audit line.
        using var control = await http.PostFormAsync("/", "/", new Dictionary<string, string>
        {
            ["Input.Login"] = "chenzhou-office\u0007\r\nforged line", ["Input.Password"] = DemoPeople.Password + "\u001b",
        });
        // A NUL byte likewise.
        using var nul = await http.PostFormAsync("/", "/", new Dictionary<string, string>
        {
            ["Input.Login"] = "chenzhou-office\u0000", ["Input.Password"] = DemoPeople.Password,
        });
        using var long10k = await http.PostFormAsync("/", "/", new Dictionary<string, string>
        {
            ["Input.Login"] = DemoPeople.Office, ["Input.Password"] = new string('p', 10_000),
        });
        using var megabyte = await http.PostFormAsync("/", "/", new Dictionary<string, string>
        {
            ["Input.Login"] = DemoPeople.Office, ["Input.Password"] = new string('p', 1_000_000),
        });

        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        Assert.Contains("提交的表单中含有不可见的控制字符", WebUtility.HtmlDecode(await control.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("不可见的控制字符（例如 NUL）", WebUtility.HtmlDecode(await nul.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, long10k.StatusCode);
        Assert.Contains("密码最多200个字符（at most 200 characters）", WebUtility.HtmlDecode(await long10k.Content.ReadAsStringAsync()));
        // A megabyte is not a password anyone types: any 4xx will do, never a 5xx.
        Assert.InRange((int)megabyte.StatusCode, 200, 499);
        Assert.DoesNotContain(http.Cookies.GetAllCookies(), c => c.Name == "capexit.auth");
        Assert.Equal(before, await AuditRowsAsync());
    }

    [Fact]
    public async Task A_forged_or_missing_antiforgery_token_is_refused_with_400_and_signs_nobody_in()
    {
        using var http = await app.HttpAsync();
        var realToken = HttpSession.AntiforgeryToken(await http.Client.GetStringAsync("/"));
        var forged = realToken[..^4] + (realToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var before = await AuditRowsAsync();

        using var withForged = await http.PostAsync("/", new Dictionary<string, string>
        {
            ["Input.Login"] = DemoPeople.Office, ["Input.Password"] = DemoPeople.Password, ["__RequestVerificationToken"] = forged,
        });
        using var without = await http.PostAsync("/", new Dictionary<string, string>
        {
            ["Input.Login"] = DemoPeople.Office, ["Input.Password"] = DemoPeople.Password,
        });

        Assert.Equal(HttpStatusCode.BadRequest, withForged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.DoesNotContain(http.Cookies.GetAllCookies(), c => c.Name == "capexit.auth");
        Assert.Equal(before, await AuditRowsAsync());
    }

    [Fact]
    public async Task Sign_out_with_a_token_from_another_visitor_is_refused_with_400_and_the_person_stays_signed_in()
    {
        using var officer = await app.HttpAsync(DemoPeople.EnvironmentOfficer);
        using var stranger = await app.HttpAsync();
        var strangersToken = HttpSession.AntiforgeryToken(await stranger.Client.GetStringAsync("/"));

        using var signOut = await officer.PostAsync("/account/signout", new Dictionary<string, string> { ["__RequestVerificationToken"] = strangersToken });
        using var dashboard = await officer.Client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    private Task<long> AuditRowsAsync() => app.ScalarAsync<long>("select count(*) from capacity_exit.audit_events");
}
