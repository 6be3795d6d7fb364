using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Accounts;

/// <summary>
/// Which logins exist stays unknown, and nobody can lock someone else out: a login that exists and one that does not get
/// the same words, on the form and from <c>POST /api/token</c>, and the same pause after five wrong passwords; the pause
/// holds only for that login from that address, so the officer signs in from their own address meanwhile. (The host
/// believes the test's X-Forwarded-For: WebApp configures 127.0.0.1 as the proxy.)
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class SignInPauseTests(WebApp app)
{
    private const string Wrong = "登录名或密码不正确。";

    [Fact]
    public async Task A_real_and_an_unknown_login_get_the_same_words_on_the_form_before_and_after_the_pause()
    {
        var address = NewAddress();
        const string real = "zhanjiang-auditor";
        var unknown = $"zhanjiang-nobody-{Guid.NewGuid():N}"[..30];
        using var session = await app.HttpAsync();
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var realWords = await FormErrorsAsync(session, real, $"wrong-password-{attempt}");
            var unknownWords = await FormErrorsAsync(session, unknown, $"wrong-password-{attempt}");
            Assert.Equal([Wrong], realWords);
            Assert.Equal(realWords, unknownWords);
        }

        // The fifth wrong password pauses the pair, whether the login exists or not, in the same words.
        var realPaused = await FormErrorsAsync(session, real, "wrong-password-5");
        var unknownPaused = await FormErrorsAsync(session, unknown, "wrong-password-5");
        Assert.Equal(unknownPaused, realPaused);
        Assert.Contains("已暂停登录", Assert.Single(realPaused));
        Assert.Contains("15分钟后再试", realPaused[0]);

        // Paused means no password is checked from here, the right one neither, and the words stay alike.
        Assert.Equal(realPaused, await FormErrorsAsync(session, real, DemoPeople.Password));
        Assert.Equal(2L, await app.ScalarAsync<long>(
            "select count(*) from capacity_exit.audit_events where kind = 'LockedOut' and address = @a and actor in (@r, @u) and at > now() - interval '10 minutes' and detail like '%5 wrong passwords from this address%'",
            ("a", address), ("r", real), ("u", unknown)));
    }

    [Fact]
    public async Task A_real_and_an_unknown_login_get_the_same_problem_from_the_token_endpoint_before_and_after_the_pause()
    {
        var address = NewAddress();
        const string real = "jiaxing-auditor";
        var unknown = $"jiaxing-nobody-{Guid.NewGuid():N}"[..28];
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (realStatus, realProblem) = await TokenProblemAsync(client, real, $"wrong-password-{attempt}");
            var (unknownStatus, unknownProblem) = await TokenProblemAsync(client, unknown, $"wrong-password-{attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, realStatus);
            Assert.Equal(realStatus, unknownStatus);
            Assert.Equal(realProblem, unknownProblem);
            Assert.Contains(attempt < 5 ? "wrong-login-or-password" : "sign-in-paused", realProblem);
        }
    }

    [Fact]
    public async Task Wrong_passwords_from_one_address_do_not_lock_the_officer_out_from_another()
    {
        const string officer = "changchun-county";
        var stranger = NewAddress();
        var desk = NewAddress();
        using (var attacker = await app.HttpAsync())
        {
            attacker.Client.DefaultRequestHeaders.Add("X-Forwarded-For", stranger);
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                await FormErrorsAsync(attacker, officer, $"guess-{attempt}-0000");
            }

            Assert.Contains("已暂停登录", Assert.Single(await FormErrorsAsync(attacker, officer, DemoPeople.Password)));
        }

        // The officer at their desk signs in on the form and gets a token, while the stranger stays paused.
        using var officerSession = await app.HttpAsync();
        officerSession.Client.DefaultRequestHeaders.Add("X-Forwarded-For", desk);
        using var signedIn = await officerSession.PostFormAsync("/", "/", new Dictionary<string, string>
        {
            ["Input.Login"] = officer, ["Input.Password"] = DemoPeople.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/dashboard", signedIn.Headers.Location?.ToString());

        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", desk);
        using var token = await client.PostAsync("/api/token", ApiClient.Json(new { login = officer, password = DemoPeople.Password }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);

        Assert.False(await app.ScalarAsync<bool>(
            "select coalesce(lockout_end > now(), false) from capacity_exit.accounts where user_name = @login", ("login", officer)));
        Assert.Equal(2L, await app.ScalarAsync<long>(
            "select count(*) from capacity_exit.audit_events where kind = 'SignedIn' and actor = @login and address = @a", ("login", officer), ("a", desk))); // the form and the token
    }

    /// <summary>A documentation address (TEST-NET-3) of its own per test: the pause is per login and address.</summary>
    private static string NewAddress() => $"203.0.113.{Random.Shared.Next(1, 255)}";

    /// <summary>Posts the sign-in form; the error summary's lines as the person reads them.</summary>
    private static async Task<string[]> FormErrorsAsync(HttpSession session, string login, string password)
    {
        using var response = await session.PostFormAsync("/", "/", new Dictionary<string, string> { ["Input.Login"] = login, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var summary = Summary().Match(html);
        Assert.True(summary.Success, "no error summary on the page:\n" + html);
        return Item().Matches(summary.Value).Select(m => WebUtility.HtmlDecode(Tag().Replace(m.Groups[1].Value, "")).Trim()).ToArray();
    }

    /// <summary>The status and the problem's type, detail and errors (its instance and trace are per request).</summary>
    private static async Task<(HttpStatusCode, string)> TokenProblemAsync(HttpClient client, string login, string password)
    {
        using var response = await client.PostAsync("/api/token", ApiClient.Json(new { login, password }));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        return (response.StatusCode, $"{root.GetProperty("type")} {root.GetProperty("detail")} {root.GetProperty("errors")}");
    }

    [GeneratedRegex("""<div class="error-summary"[^>]*>.*?</ul>""", RegexOptions.Singleline)]
    private static partial Regex Summary();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex Item();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
