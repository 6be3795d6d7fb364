using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Authorisation;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using FsCheck.Fluent;

namespace CapacityExit.Workflow.Web.Tests.Hostile;

/// <summary>
/// Over two thousand generated requests to every route the host maps outside /api (the pages, downloads, the calendar
/// feed, the dashboard, the API reader; <see cref="RouteMatrix"/>), as anonymous and seven roles of two cities: every
/// method (GET, HEAD, POST with and without the antiforgery token, PUT, DELETE, PATCH, TRACE, OPTIONS, an unknown one),
/// handler variants (<c>?handler=</c>), odd query values, NUL and other control characters, over-long values, and
/// forms carrying the page's own fields with hostile values. None may be answered 500 or more, and a refused request
/// (4xx, or a redirect to sign in or to 无权访问) may not change a row that people write: the rows are counted after
/// every request. (The API has its own: ApiMalformedRequestTests.)
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class GeneratedPageRequestTests(WebApp app)
{
    public sealed record Request(string? Login, string Method, string Path, bool WithToken, IReadOnlyList<KeyValuePair<string, string>>? Form, bool Multipart)
    {
        public override string ToString() =>
            $"{Login ?? "anonymous"} {Method} {Cut(Path)}{(WithToken ? " +token" : "")}{(Form is null ? "" : (Multipart ? " multipart " : " form ") + Cut(string.Join("&", Form.Select(f => $"{f.Key}={f.Value}"))))}";

        private static string Cut(string s) => (s.Length > 160 ? s[..160] + $"…({s.Length})" : s).Replace("\0", "\\0", StringComparison.Ordinal);
    }

    /// <summary>Anonymous, 郴州's office, a bureau, a county, the supervisor, the auditor, the administrator, and 嘉兴's bureau officer.</summary>
    private static readonly string?[] Logins =
        [null, "chenzhou-office", "chenzhou-industryit", "chenzhou-county", "chenzhou-supervisor", "chenzhou-auditor", "admin", "jiaxing-industryit"];

    /// <summary>Query names the pages read, and others.</summary>
    private static readonly string[] QueryNames =
    [
        "Lifted", "All", "Overdue", "Desc", "new", "p", "year", "Year", "login", "Login", "kind", "from", "to", "month", "bureau", "county", "q", "state",
        "standard", "status", "sort", "dueWithin", "card", "industry", "culture", "returnUrl", "ReturnUrl", "receipt", "city", "done", "line", "day",
        "report", "filer", "creditCode", "reason", "task", "id", "handler", "format", "x",
    ];

    /// <summary>Handler names the pages have (for GET or POST), and others.</summary>
    private static readonly string[] Handlers = ["xlsx", "photo", "renew", "revoke", "plan", "fund", "land", "confirm", "reject", "resend", "", "nope", "Xlsx", "post", "get"];

    /// <summary>Values already written for an address (percent-encoded): NUL, control characters, broken UTF-8, over-long.</summary>
    private static readonly string[] EncodedOddValues =
    [
        "a%00b", "%00", "%07bell", "%1b%5b31m", "%0d%0aSet-Cookie:%20x=1", "%7f", "%ED%A0%80", "%FF", "%C0%AF", "%", "%%", "%zz", "+", "&&", "%E2%80%AE",
        "%C2%85",
    ];

    private static FsCheck.Gen<string> Noise()
    {
        var fixedNoise = Gen.Elements("", " ", "\t", "null", "'; drop table cases; --", "名称", "😀", "\0", "a\0b", "%s%n", "../../etc/passwd", "\u0007\u001b[31m",
            "<script>alert(1)</script>", "{}", "[]", "-1", "0", "1", "true", "false", "True ", "on", "1e309", "NaN", "２０２６", "0x10", "9999999999999999999999",
            "2026-13-45", "2026-02-30", "0001-01-01", "9999-12-31", "431000", "jurisdiction:1", "county:999", "\u202e", "\u0085", "x-nope", "-9223372036854775808");
        return Gen.OneOf(fixedNoise, Gen.Choose(1, 2500).Select(n => new string('长', n)), Gen.Choose(0, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>One query part (name=value, encoded), or an over-long one that no server takes (a 414, never a 500).</summary>
    private static FsCheck.Gen<string> QueryPart() => Gen.Frequency(
        (6, Gen.Zip(Gen.Elements(QueryNames), Noise()).Select(x => x.Item1 + "=" + Uri.EscapeDataString(x.Item2.Length > 300 ? x.Item2[..300] : x.Item2))),
        (3, Gen.Zip(Gen.Elements(QueryNames), Gen.Elements(EncodedOddValues)).Select(x => x.Item1 + "=" + x.Item2)),
        (3, Gen.Elements(Handlers).Select(h => "handler=" + h)),
        (1, Gen.Elements("%00=1", "a%01b=1", "=", "&", "handler", "handler=xlsx&handler=photo", "p=1&p=2")),
        (1, Gen.Choose(2000, 3000).Select(n => "q=" + new string('a', n))),
        (1, Gen.Choose(1000, 1500).Select(n => "q=" + Uri.EscapeDataString(new string('长', n)))));

    private static FsCheck.Gen<string> Method() => Gen.Frequency(
        (8, Gen.Constant("GET")), (2, Gen.Constant("HEAD")), (8, Gen.Constant("POST")), (1, Gen.Constant("PUT")), (1, Gen.Constant("DELETE")),
        (1, Gen.Constant("PATCH")), (2, Gen.Constant("TRACE")), (2, Gen.Constant("OPTIONS")), (1, Gen.Elements("FOO", "PROPFIND", "MKCOL")));

    private static FsCheck.Gen<Request> Generator(IReadOnlyList<(string Path, string[] Fields)> routes) =>
        from login in Gen.Elements(Logins)
        from route in Gen.Elements(routes.ToArray())
        from method in Method()
        from parts in Gen.Frequency((3, Gen.Constant(Array.Empty<string>())), (5, QueryPart().ArrayOf().Select(a => a.Take(3).ToArray())))
        from withToken in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from fields in Gen.SubListOf(route.Fields.Concat(["Input.Extra", "handler", "__RequestVerificationToken"]).ToArray())
        from values in Noise().ArrayOf(fields.Count)
        from multipart in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        let path = parts.Length == 0 ? route.Path : route.Path + (route.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join("&", parts)
        let hasBody = method is not ("GET" or "HEAD" or "TRACE" or "OPTIONS")
        let form = hasBody ? fields.Zip(values, (f, v) => new KeyValuePair<string, string>(f, v)).ToList() : null
        select new Request(login, method, path, hasBody && withToken, form, multipart);

    [Fact]
    public async Task Two_thousand_generated_requests_to_every_page_route_get_no_server_error_and_no_refused_one_writes()
    {
        var samples = await SampleValuesAsync();
        var mapped = await app.MappedRoutesAsync();
        var rows = RouteMatrix.Rows.Where(r => !r.Route.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        // Every route the host maps outside /api is attacked: the route table is the list.
        Assert.Empty(mapped.Where(m => !m.StartsWith("/api/", StringComparison.Ordinal)).Except(rows.Select(r => r.Route)));

        var sessions = new Dictionary<string, (HttpSession Session, string Token)>();
        var routes = new List<(string Path, string[] Fields)>();
        try
        {
            foreach (var login in Logins)
            {
                var session = await app.HttpAsync(login);
                sessions[login ?? ""] = (session, HttpSession.AntiforgeryToken(await session.Client.GetStringAsync(login is null ? "/" : "/dashboard")));
            }

            foreach (var row in rows)
            {
                var path = samples.Aggregate(row.Sample, (s, v) => s.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));
                // The page's own form fields (as the office and the administrator see them), to post hostile values under their names.
                var fields = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var who in new[] { "chenzhou-office", "admin", "" })
                {
                    using var page = await sessions[who].Session.Client.GetAsync(path);
                    if (page.Content.Headers.ContentType?.MediaType == "text/html")
                    {
                        fields.UnionWith(FieldName().Matches(await page.Content.ReadAsStringAsync()).Select(m => WebUtility.HtmlDecode(m.Groups["n"].Value)));
                    }
                }

                fields.Remove("__RequestVerificationToken");
                routes.Add((path, fields.ToArray()));
                // The hangfire dashboard's job pages take an id.
                if (row.Route == "/hangfire")
                {
                    routes.Add(("/hangfire/jobs/details/1", []));
                    routes.Add(("/hangfire/jobs/details/null", []));
                    routes.Add(("/hangfire/jobs/enqueued/delete", ["jobs[]"]));
                }
            }

            var requests = Gen.Sample(Generator(routes), 2200)
                // Signing out the shared sessions would leave the rest anonymous; the 举报 form is limited per address per
                // minute (its posts would spend other tests' allowance): both have their own hostile tests.
                .Where(r => !(r.WithToken && r.Path.StartsWith("/account/signout", StringComparison.Ordinal)))
                .Where(r => !(r.Form is not null && (r.Path.Split('?')[0].TrimEnd('/').Equals("/public/report", StringComparison.OrdinalIgnoreCase))))
                .ToList();
            var wrong = new List<string>();
            var statuses = new SortedDictionary<int, int>();
            var methods = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var last = await FingerprintAsync();
            foreach (var request in requests)
            {
                var (session, token) = sessions[request.Login ?? ""];
                using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
                if (request.Form is { } form)
                {
                    IReadOnlyList<KeyValuePair<string, string>> fields = request.WithToken ? [.. form, new("__RequestVerificationToken", token)] : form;
                    message.Content = request.Multipart ? Multipart(fields) : new FormUrlEncodedContent(fields);
                }

                int status;
                string body;
                try
                {
                    using var response = await session.Client.SendAsync(message);
                    status = (int)response.StatusCode;
                    body = await response.Content.ReadAsStringAsync();
                    var refused = status >= 400 || (status == 302 && response.Headers.Location?.OriginalString is { } to
                        && (to.Contains("/forbidden", StringComparison.Ordinal) || to.Contains("ReturnUrl=", StringComparison.Ordinal)));
                    var now = await FingerprintAsync();
                    if (refused && now != last)
                    {
                        wrong.Add($"{request}: refused with {status}, yet wrote: {Difference(last, now)}");
                    }

                    last = now;
                }
                catch (HttpRequestException e) when (Encoding.UTF8.GetByteCount(request.Path) > KestrelRequestLineLimit && request.Form is not null)
                {
                    // Kestrel answers an over-long request line with 414 and closes the connection without reading the
                    // body; a client still sending a large body may see the reset before the answer. Refused all the same:
                    // it may have written nothing.
                    status = 414;
                    body = e.Message;
                    var now = await FingerprintAsync();
                    if (now != last)
                    {
                        wrong.Add($"{request}: refused (connection closed), yet wrote: {Difference(last, now)}");
                    }

                    last = now;
                }
                catch (HttpRequestException e)
                {
                    status = 599;
                    body = e.Message;
                }

                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                methods[request.Method] = methods.GetValueOrDefault(request.Method) + 1;
                if (status >= 500)
                {
                    wrong.Add($"{request}: {status} {(body.Length > 300 ? body[..300] : body)}");
                }
            }

            Assert.True(requests.Count >= 2000, $"{requests.Count} requests");
            Assert.True(wrong.Count == 0, $"{wrong.Count} of {requests.Count} requests went wrong:\n" + string.Join("\n", wrong.Take(40)) + "\n" + app.Host.Output[^Math.Min(app.Host.Output.Length, 4000)..]);
            // Every kind of answer was met: pages, redirects, and each refusal (400, 403, 404, 405).
            Assert.True(new[] { 200, 302, 400, 403, 404, 405 }.All(statuses.ContainsKey), "statuses seen: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
            Assert.True(methods.Count >= 9, "methods sent: " + string.Join(", ", methods.Select(m => $"{m.Key}×{m.Value}")));
        }
        finally
        {
            foreach (var (session, _) in sessions.Values)
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Kestrel's default limit on the request line (KestrelServerLimits.MaxRequestLineSize), in bytes.</summary>
    private const int KestrelRequestLineLimit = 8 * 1024;

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value, Encoding.UTF8), name);
        }

        content.Add(new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "attachment", "记录\u0007.pdf");
        return content;
    }

    /// <summary>
    /// The rows people write, counted in one query: the cases and what hangs on them, filings and targets, programme,
    /// measure and replacement records, accounts and feed tokens, accepted 举报, notices, and the audit log (refused
    /// sign-ins aside: the log records them by design). The host's own background work (history lines of a system actor,
    /// price measures, mail) is left out.
    /// </summary>
    private Task<string> FingerprintAsync() => app.ScalarAsync<string>(
        """
        select concat_ws(';',
          'cases=' || (select count(*) from capacity_exit.cases),
          'enterprises=' || (select count(*) from capacity_exit.enterprises),
          'items=' || (select count(*) from capacity_exit.capacity_items),
          'documents=' || (select count(*) from capacity_exit.case_documents),
          'history=' || (select count(*) from capacity_exit.case_history where actor <> 'system' and actor not like 'system:%'),
          'states=' || (select coalesce(string_agg(case_id || ':' || state, ',' order by case_id), '') from capacity_exit.workflow_instances),
          'submissions=' || (select count(*) from capacity_exit.report_submissions),
          'targets=' || (select count(*) from capacity_exit.annual_targets),
          'audit=' || (select count(*) from capacity_exit.audit_events where kind <> 'SignInFailed'),
          'accounts=' || (select count(*) from capacity_exit.accounts),
          'people=' || (select count(*) from capacity_exit.people),
          'feeds=' || (select count(*) from capacity_exit.calendar_feed_tokens),
          'coal=' || (select count(*) from capacity_exit.coal_production_reports),
          'kilns=' || (select count(*) from capacity_exit.kiln_shutdowns),
          'programme-tasks=' || (select count(*) from capacity_exit.programme_tasks where status <> 'Open'),
          'plans=' || (select count(*) from capacity_exit.replacement_plans),
          'resettlement=' || (select count(*) from capacity_exit.resettlement_plans),
          'funds=' || (select count(*) from capacity_exit.support_funds),
          'land=' || (select count(*) from capacity_exit.land_reuses),
          'credit=' || (select count(*) from capacity_exit.credit_exports),
          'reports=' || (select count(*) from capacity_exit.public_reports where refused_because is null),
          'verified=' || (select count(*) from capacity_exit.public_reports where verified_at is not null))
        """);

    private static string Difference(string before, string after) =>
        string.Join(", ", before.Split(';').Zip(after.Split(';')).Where(p => p.First != p.Second).Select(p => $"{p.First} → {p.Second.Split('=')[1]}"));

    /// <summary>Ids of the demo data the route samples name (as the authorisation matrix fills them in).</summary>
    private async Task<Dictionary<string, string>> SampleValuesAsync()
    {
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            // A case of its own: a generated post may be a valid one (a withdrawal with a reason, say), and the demo's lead
            // smelter is the journeys' case.
            ["leadCase"] = Id(await ApiSamples.OpenCaseAsync(app, 401, "technology", "郴州示例页面生成请求铅业有限公司", ApiSamples.TechnologyVariables)),
            ["chenzhouReceipt"] = Id(await app.ScalarAsync<long>(
                "select coalesce(min(r.id), 0) from capacity_exit.report_submissions r join capacity_exit.jurisdictions j on j.id = r.city_id where j.code = '431000'")),
            ["coalTask"] = Id(await app.ScalarAsync<long>("select coalesce(min(id), 0) from capacity_exit.programme_tasks where kind = 'coal-breach'")),
            ["fireworksDocument"] = Id(await app.ScalarAsync<long>("select coalesce(max(id), 0) from capacity_exit.case_documents")),
        };
    }

    [GeneratedRegex("""<(?:input|select|textarea)\b[^>]*\bname="(?<n>[^"]+)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex FieldName();
}
