using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Accounts;

/// <summary>
/// Bearer tokens die with the account's consent to them: an administrator's lock and password reset, and signing out,
/// end every token of the account at once (the next request gets 401, not an hour later); a refresh token works once,
/// and its second use ends every token of the account and is written to the audit log. Each test adds its own person.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TokenRevocationTests(WebApp app)
{
    private const string NewPassword = "tokentest2026a";

    [Fact]
    public async Task A_locked_accounts_token_and_refresh_token_are_refused_at_once()
    {
        var login = await AddPersonAsync();
        var tokens = await TokensAsync(login, NewPassword);
        Assert.Equal(HttpStatusCode.OK, await TasksStatusAsync(tokens.Access));
        using var browser = await SignedInSessionAsync(login, NewPassword);

        using var admin = await app.HttpAsync(DemoPeople.Admin);
        using var locked = await admin.PostFormAsync("/admin/users", "/admin/users?handler=Lock", new Dictionary<string, string> { ["login"] = login, ["locked"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await TasksStatusAsync(tokens.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).Status);
        await AssertSignedOutAsync(browser); // the pages' session too, at its very next request
        Assert.Equal(1L, await AuditAsync("TokensRevoked", login));
    }

    [Fact]
    public async Task After_an_administrators_password_reset_the_old_token_is_refused_and_the_new_password_gets_a_working_one()
    {
        var login = await AddPersonAsync();
        var tokens = await TokensAsync(login, NewPassword);
        Assert.Equal(HttpStatusCode.OK, await TasksStatusAsync(tokens.Access));

        using var admin = await app.HttpAsync(DemoPeople.Admin);
        var form = $"/admin/users/reset?login={login}";
        using var reset = await admin.PostFormAsync(form, form, new Dictionary<string, string> { ["Login"] = login, ["Password"] = "resetpassword99" });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await TasksStatusAsync(tokens.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).Status);
        var renewed = await TokensAsync(login, "resetpassword99");
        Assert.Equal(HttpStatusCode.OK, await TasksStatusAsync(renewed.Access));
        Assert.Equal(1L, await AuditAsync("TokensRevoked", login));
    }

    [Fact]
    public async Task Signing_out_on_the_page_ends_the_accounts_tokens_too()
    {
        var login = await AddPersonAsync();
        var tokens = await TokensAsync(login, NewPassword);
        using var page = await SignedInSessionAsync(login, NewPassword);
        using var otherBrowser = await SignedInSessionAsync(login, NewPassword);

        using var signedOut = await page.PostFormAsync("/dashboard", "/account/signout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await TasksStatusAsync(tokens.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).Status);
        await AssertSignedOutAsync(otherBrowser); // the person's session in another browser ends as well
        Assert.Equal(1L, await AuditAsync("TokensRevoked", login));
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_ends_every_token_of_the_account_and_is_audited()
    {
        var login = await AddPersonAsync();
        var first = await TokensAsync(login, NewPassword);

        var (status, second) = await RefreshAsync(first.Refresh);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, await TasksStatusAsync(second!.Value.Access));
        Assert.Equal(0L, await AuditAsync("RefreshTokenReused", login));

        // The first refresh token again (a copy someone kept): refused, and everything issued to the account ends.
        var (reused, _) = await RefreshAsync(first.Refresh);
        Assert.Equal(HttpStatusCode.Unauthorized, reused);
        Assert.Equal(HttpStatusCode.Unauthorized, await TasksStatusAsync(second.Value.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(second.Value.Refresh)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await TasksStatusAsync(first.Access));
        Assert.Equal(1L, await AuditAsync("RefreshTokenReused", login));

        // The password still works: the person gets new tokens.
        Assert.Equal(HttpStatusCode.OK, await TasksStatusAsync((await TokensAsync(login, NewPassword)).Access));
    }

    /// <summary>A county officer of 北湖区 of its own, added by the administrator on the users page.</summary>
    private async Task<string> AddPersonAsync()
    {
        var login = $"chenzhou-token-{Guid.NewGuid():N}"[..26];
        using var admin = await app.HttpAsync(DemoPeople.Admin);
        using var added = await admin.PostFormAsync("/admin/users/add", "/admin/users/add", new Dictionary<string, string>
        {
            ["Input.Login"] = login, ["Input.DisplayName"] = "令牌测试人", ["Input.Email"] = "", ["Input.Role"] = "CountyOfficer",
            ["Input.JurisdictionCode"] = "431002", ["Input.BureauKind"] = "", ["Input.Password"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        return login;
    }

    /// <summary>A browser's session on the pages, signed in with the form.</summary>
    private async Task<HttpSession> SignedInSessionAsync(string login, string password)
    {
        var session = await HttpSession.OpenAsync(app.BaseAddress, null);
        using var signedIn = await session.PostFormAsync("/", "/", new Dictionary<string, string> { ["Input.Login"] = login, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var dashboard = await session.Client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        return session;
    }

    /// <summary>A page behind sign-in sends the session back to the sign-in form.</summary>
    private static async Task AssertSignedOutAsync(HttpSession session)
    {
        using var response = await session.Client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var to = response.Headers.Location!;
        Assert.StartsWith("/?ReturnUrl=", to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString);
    }

    private async Task<(string Access, string Refresh)> TokensAsync(string login, string password)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsync("/api/token", ApiClient.Json(new { login, password }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{login} got no token: {(int)response.StatusCode} {body}");
        return Read(body);
    }

    private async Task<(HttpStatusCode Status, (string Access, string Refresh)? Tokens)> RefreshAsync(string refreshToken)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsync("/api/token/refresh", ApiClient.Json(new { refreshToken }));
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? Read(await response.Content.ReadAsStringAsync()) : null);
    }

    private async Task<HttpStatusCode> TasksStatusAsync(string accessToken)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.GetAsync("/api/tasks");
        return response.StatusCode;
    }

    private Task<long> AuditAsync(string kind, string login) => app.ScalarAsync<long>(
        "select count(*) from capacity_exit.audit_events where kind = @k and (actor = @l or subject = @l)", ("k", kind), ("l", login));

    private static (string Access, string Refresh) Read(string body)
    {
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("accessToken").GetString()!, json.RootElement.GetProperty("refreshToken").GetString()!);
    }
}
