using System.Net;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Hosting;

/// <summary>
/// Behind the TLS proxy named in settings (the collection's host names 127.0.0.1, where the tests stand), a request that
/// was HTTPS at the proxy gets Secure cookies and HSTS. A host with no proxy configured (a second host process on the same
/// database) believes no forwarded header from anyone: no Secure cookie for a claimed https, and a rotated
/// X-Forwarded-For neither escapes the 举报 rate limit nor reaches the stored address or the audit. A bad proxy
/// setting stops start-up naming the key.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TrustedProxyTests(WebApp app)
{
    /// <summary>The public name the proxy serves (HSTS is never sent for localhost or a loopback address).</summary>
    private const string PublicHost = "jgc.example.gov.cn";

    [Fact]
    public async Task Behind_the_configured_proxy_an_https_request_gets_Secure_cookies_and_HSTS_and_a_plain_one_does_not()
    {
        // Cookies by hand: the client speaks plain http to the host, as the proxy does, and would not send a Secure cookie back.
        using var https = Proxied(app.BaseAddress, "https");
        using var home = await https.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var antiforgery = Assert.Single(SetCookies(home), c => c.StartsWith("capexit.af=", StringComparison.Ordinal));
        Assert.True(Secure(antiforgery), antiforgery);
        Assert.Equal("max-age=31536000", Assert.Single(home.Headers.GetValues("Strict-Transport-Security")));

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = HttpSession.AntiforgeryToken(await home.Content.ReadAsStringAsync()),
                ["Input.Login"] = DemoPeople.Auditor, ["Input.Password"] = DemoPeople.Password,
            }),
        };
        signIn.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signedIn = await https.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Assert.Single(SetCookies(signedIn), c => c.StartsWith("capexit.auth=", StringComparison.Ordinal));
        Assert.True(Secure(auth), auth);

        // The same proxy saying the request was plain http: the cookie is not Secure, and no HSTS.
        using var http = Proxied(app.BaseAddress, "http");
        using var plain = await http.GetAsync("/");
        Assert.False(Secure(Assert.Single(SetCookies(plain), c => c.StartsWith("capexit.af=", StringComparison.Ordinal))));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_host_with_no_proxy_configured_believes_no_forwarded_header_for_the_scheme_the_rate_limit_or_the_audit()
    {
        // Only the web side: the collection's host runs the jobs, the dispatcher and the mail on this database.
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = app.ConnectionString, ["CapacityExit__MigrateAtStartup"] = "false",
            ["CapacityExit__Hangfire__RunServer"] = "false", ["CapacityExit__Dispatcher__Enabled"] = "false", ["CapacityExit__Mail__Enabled"] = "false",
        });
        await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(180));

        // A claimed https is not believed: no Secure cookie, no HSTS.
        using (var claimed = Proxied(host.BaseAddress, "https"))
        {
            using var home = await claimed.GetAsync("/");
            Assert.False(Secure(Assert.Single(SetCookies(home), c => c.StartsWith("capexit.af=", StringComparison.Ordinal))));
            Assert.False(home.Headers.Contains("Strict-Transport-Security"));
        }

        // 25 reports, each with another made-up X-Forwarded-For (198.18.0.0/15, for tests): all count against the connection's address.
        using var visitor = await HttpSession.OpenAsync(host.BaseAddress, null);
        var statuses = new List<HttpStatusCode>();
        for (var n = 1; n <= 25; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/public/report")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Enterprise"] = $"轮换地址测试企业{n}", ["Input.Place"] = "北湖区" }),
            };
            request.Headers.Add("X-Forwarded-For", $"198.18.{n}.{n}");
            using var response = await visitor.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 15,
            "at most 10 a minute from one connection, whatever it claims: " + string.Join(", ", statuses.Select(s => (int)s)));

        // A wrong password with a made-up address: the audit names the connection's.
        using (var signIn = await HttpSession.OpenAsync(host.BaseAddress, null))
        {
            signIn.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.18.200.1");
            using var refused = await signIn.PostFormAsync("/", "/", new Dictionary<string, string> { ["Input.Login"] = "zhengzhou-auditor", ["Input.Password"] = "not-the-password-9" });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        Assert.Equal(0L, await app.ScalarAsync<long>("select count(*) from capacity_exit.public_reports where client_address like '198.18.%'"));
        Assert.Equal(0L, await app.ScalarAsync<long>("select count(*) from capacity_exit.refused_submission_tallies where address like '198.18.%'"));
        Assert.Equal(0L, await app.ScalarAsync<long>("select count(*) from capacity_exit.audit_events where address like '198.18.%'"));
        Assert.Equal("127.0.0.1", await app.ScalarAsync<string>(
            "select address from capacity_exit.audit_events where actor = 'zhengzhou-auditor' and kind = 'SignInFailed' order by id desc limit 1"));
    }

    [Theory]
    [InlineData("CapacityExit__ForwardedHeaders__KnownProxies", "10.0.0.300", "configuration 'CapacityExit:ForwardedHeaders:KnownProxies': '10.0.0.300' is not an IP address of a proxy")]
    [InlineData("CapacityExit__ForwardedHeaders__KnownProxies", "10.0.0.5, proxy.example", "'proxy.example' is not an IP address of a proxy")]
    [InlineData("CapacityExit__ForwardedHeaders__KnownNetworks", "10.0.0.1/8", "configuration 'CapacityExit:ForwardedHeaders:KnownNetworks': '10.0.0.1/8' is not a network in CIDR form")]
    public async Task A_bad_proxy_setting_stops_start_up_naming_the_key_and_the_value(string key, string value, string expected)
    {
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Default"] = app.ConnectionString, [key] = value });

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(2, exitCode);
        Assert.Contains("CapacityExit.Workflow cannot start", host.Output);
        Assert.Contains(expected, host.Output);
    }

    /// <summary>A client as the proxy forwards it: the public host name, the scheme the browser used, the browser's address.</summary>
    private static HttpClient Proxied(Uri baseAddress, string scheme)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Host = PublicHost;
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", scheme);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.80");
        return client;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static bool Secure(string setCookie) =>
        setCookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));
}
