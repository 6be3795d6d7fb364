using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Hostile;

/// <summary>
/// The browser's protections on every kind of answer (a page, an API answer, a download, an error page, a static file):
/// a Content-Security-Policy without inline script or style, no framing, nosniff, a Referrer-Policy; the operators'
/// tools (Hangfire's dashboard, the API reader) with a policy of their own that allows exactly their inline scripts;
/// and in the real browser the main pages and both tools run with no violation reported, while an injected inline
/// script is refused.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class SecurityHeadersTests(WebApp app)
{
    [Fact]
    public async Task A_page_an_API_answer_a_download_an_error_page_and_a_static_file_each_carry_the_headers()
    {
        using var office = await app.HttpAsync(DemoPeople.Office);
        using var anonymous = await app.HttpAsync();
        using var api = await ApiClient.OpenAsync(app.BaseAddress, DemoPeople.Office);
        using var apiAnonymous = await ApiClient.OpenAsync(app.BaseAddress, null);

        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("page", await office.Client.GetAsync("/dashboard")),
            ("sign-in page", await anonymous.Client.GetAsync("/")),
            ("download", await office.Client.GetAsync("/reports?handler=xlsx")),
            ("404 page", await anonymous.Client.GetAsync("/public/reports/JBNOSUCHRECEIPT")),
            ("405 page", await anonymous.Client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/public/closures/1"))),
            ("400 page", await office.Client.GetAsync("/measures/prices?Lifted=-1")),
            ("static file", await anonymous.Client.GetAsync("/site.css")),
            ("API answer", await api.Client.GetAsync("/api/cases")),
            ("API refusal", await apiAnonymous.Client.GetAsync("/api/cases")),
        };
        try
        {
            Assert.Equal(
                ["page 200", "sign-in page 200", "download 200", "404 page 404", "405 page 405", "400 page 400", "static file 200", "API answer 200", "API refusal 401"],
                answers.Select(a => $"{a.What} {(int)a.Response.StatusCode}"));
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", answers[2].Response.Content.Headers.ContentType?.MediaType);
            foreach (var (what, response) in answers)
            {
                var csp = Header(response, "Content-Security-Policy");
                Assert.True(csp == PagePolicy, $"{what}: Content-Security-Policy is '{csp}'");
                AssertFramingSniffingReferrer(what, response);
            }
        }
        finally
        {
            foreach (var (_, response) in answers)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_dashboard_and_the_API_reader_allow_exactly_their_own_inline_scripts_and_nothing_else()
    {
        using var admin = await app.HttpAsync(DemoPeople.Admin);
        using var dashboard = await admin.Client.GetAsync("/hangfire");
        using var reader = await admin.Client.GetAsync("/api-reference/v1");
        using var readerScript = await admin.Client.GetAsync("/api-reference/scalar.js");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        foreach (var (what, response) in new[] { ("dashboard", dashboard), ("reader", reader), ("reader's script", readerScript) })
        {
            AssertFramingSniffingReferrer(what, response);
            var csp = Header(response, "Content-Security-Policy");
            var scripts = Directive(csp, "script-src");
            // Scripts from this host and the page's own inline scripts by hash: never any other inline script.
            Assert.DoesNotContain("'unsafe-inline'", scripts);
            Assert.Equal("'none'", Directive(csp, "frame-ancestors"));
            Assert.Equal("'none'", Directive(csp, "object-src"));
            Assert.Equal("'self'", Directive(csp, "default-src"));
        }

        var html = await reader.Content.ReadAsStringAsync();
        var inline = InlineScript().Matches(html).Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'").ToList();
        Assert.NotEmpty(inline);
        // The reader's bundle builds code it evaluates (Scalar's own); the dashboard does not, and may not.
        Assert.Equal(["'self'", .. inline, "'unsafe-eval'"], Directive(Header(reader, "Content-Security-Policy"), "script-src").Split(' '));
        Assert.Equal("'self'", Directive(Header(dashboard, "Content-Security-Policy"), "script-src"));
    }

    [Fact]
    public async Task The_main_pages_and_both_tools_run_in_the_browser_with_no_policy_violation_and_an_injected_script_is_refused()
    {
        var caseId = await app.CaseIdAsync("郴州示例有色铅业有限公司");
        var pages = new Dictionary<string, string[]>
        {
            [""] = ["/", "/public/exit-list", "/public/red-list?year=2026", "/public/yellow-list", "/public/report", "/public/reports"],
            [DemoPeople.Office] =
            [
                "/dashboard", "/tasks", "/calendar", "/calendar/agenda", "/calendar/subscribe", "/cases", "/cases/new", $"/cases/{caseId}", $"/cases/{caseId}/act/withdraw",
                "/notices", "/outbox", "/reports", "/targets", "/targets/new", "/programmes", "/programmes/kiln/confirm", "/programmes/coal/report", "/replacement",
                "/replacement/new", "/measures/prices", "/measures/support", "/measures/credit", "/verifications", "/verifications/refused",
                "/census", "/measures/prices?Lifted=-1", "/forbidden",
            ],
            [DemoPeople.Admin] =
            [
                "/audit", "/admin/users", "/admin/users/add", "/admin/users/reset?login=chenzhou-county", "/admin/calendar", "/admin/calendar/add",
                "/hangfire", "/hangfire/jobs/succeeded", "/hangfire/recurring", "/hangfire/servers", "/api-reference/v1",
            ],
        };
        var violations = new List<string>();
        foreach (var (login, addresses) in pages)
        {
            await using var browser = await app.OpenAsync();
            var page = browser.Page;
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("csp-violation", StringComparison.Ordinal))
                {
                    lock (violations)
                    {
                        violations.Add($"{page.Url}: {message.Text}");
                    }
                }
            };
            // Reported by the page itself too (an init script is the browser's own, not subject to the page's policy).
            await browser.Context.AddInitScriptAsync(
                "document.addEventListener('securitypolicyviolation', e => console.error('csp-violation ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));");
            if (login.Length > 0)
            {
                await browser.SignInAsync(login);
            }

            foreach (var address in addresses)
            {
                await page.GotoAsync(address);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (address == "/hangfire")
                {
                    // The dashboard's own scripts ran: they draw its charts.
                    await Expect(page.Locator("canvas").First).ToBeVisibleAsync();
                }
                else if (address == "/api-reference/v1")
                {
                    // The reader's scripts ran: the page is only an empty element until they render the operations.
                    await Expect(page.GetByText("获取令牌 · A bearer token for an existing account").First).ToBeVisibleAsync();
                }
            }
        }

        Assert.True(violations.Count == 0, "policy violations:\n" + string.Join("\n", violations));

        // The policy is in force: a script injected into a page (as a stored text that escaped its encoding would be) does not run.
        await using var visitor = await app.OpenAsync();
        var blocked = new List<string>();
        visitor.Page.Console += (_, message) => blocked.Add(message.Text);
        await visitor.Page.GotoAsync("/public/exit-list");
        await visitor.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injectedRan = true'; document.body.appendChild(s); }");
        Assert.False(await visitor.Page.EvaluateAsync<bool>("() => window.injectedRan === true"));
        Assert.Contains(blocked, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_page_template_carries_an_inline_script_an_inline_style_or_an_event_attribute()
    {
        var pages = Path.Combine(RepoPaths.Root, "src", "CapacityExit.Workflow.Web", "Pages");
        var found = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => InlineCode().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(pages, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories).Count() > 40);
        Assert.True(found.Count == 0, "inline code the Content-Security-Policy refuses:\n" + string.Join("\n", found));
    }

    /// <summary>The product's policy, as the host sends it.</summary>
    private const string PagePolicy = "default-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'; script-src 'self'; style-src 'self'";

    private static void AssertFramingSniffingReferrer(string what, HttpResponseMessage response)
    {
        Assert.True(Header(response, "X-Frame-Options") == "DENY", $"{what}: X-Frame-Options is '{Header(response, "X-Frame-Options")}'");
        Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", $"{what}: X-Content-Type-Options is '{Header(response, "X-Content-Type-Options")}'");
        Assert.True(Header(response, "Referrer-Policy") == "same-origin", $"{what}: Referrer-Policy is '{Header(response, "Referrer-Policy")}'");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static string Directive(string? policy, string name) =>
        (policy ?? "").Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..] ?? "";

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<script|<style|\sstyle\s*=|\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();
}
