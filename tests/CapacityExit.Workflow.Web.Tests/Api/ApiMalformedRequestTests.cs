using System.Globalization;
using System.Net;
using System.Text;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using FsCheck.Fluent;

namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>
/// Over a thousand generated malformed requests to every API operation, each with a token of the role that could
/// otherwise act: bad query values, bodies that are not JSON, JSON of the wrong shape or types, values the services
/// refuse, unknown commands, outcomes and ids, wrong media types and methods. Each must be answered 4xx with a
/// problem document (a type of ours, the status, Chinese and English), and none may write anything.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ApiMalformedRequestTests(WebApp app)
{
    public sealed record Bad(string Category, string Login, string Method, string Path, string? ContentType, byte[]? Body)
    {
        public override string ToString() =>
            $"{Category}: {Login} {Method} {Cut(Path)} [{ContentType}] {(Body is null ? "" : Cut(Encoding.UTF8.GetString(Body)))}";

        private static string Cut(string s) => s.Length > 120 ? s[..120] + $"…({s.Length})" : s;
    }

    private const string Office = "chenzhou-office";
    private const string Officer = ApiSamples.Officer;

    /// <summary>
    /// Noise for a query string or a path: short enough that the request line stays under Kestrel's 8 KB limit (a
    /// longer one is refused by the server itself with a bare 414, before the API sees it).
    /// </summary>
    private static FsCheck.Gen<string> ShortNoise() => Noise().Select(n => n.Length > 300 ? n[..300] : n);

    private static FsCheck.Gen<string> Noise()
    {
        var fixedNoise = Gen.Elements("", " ", "\t", "null", "'; drop table cases; --", "名称", "😀", "\0", "%s%n", "../../etc/passwd", "\u0007\u001b[31m",
            "<script>alert(1)</script>", "{}", "[]", "-1", "1e309", "NaN", "２０２６", "0x10", "true ", "9999999999999999999999");
        return Gen.OneOf(fixedNoise, Gen.Choose(1, 3000).Select(n => new string('长', n)), Gen.Choose(0, int.MaxValue).Select(n => n.ToString("x", CultureInfo.InvariantCulture)));
    }

    /// <summary>A query value that is never a valid one: the noise behind a marker the choices never start with.</summary>
    private static FsCheck.Gen<string> BadValue() => ShortNoise().Select(n => "x-" + n);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private FsCheck.Gen<Bad> Generator(long energyCase, long techTask)
    {
        var noise = Noise();
        var bad = BadValue();
        var posts = new[]
        {
            (Office, "/api/cases"), (Office, "/api/targets"), (Office, "/api/reports"), (Officer, $"/api/cases/{energyCase}/commands/withdraw"),
            (Officer, $"/api/tasks/{techTask}/complete"), (Office, "/api/token"), (Office, "/api/token/refresh"),
        };
        var post = Gen.Elements(posts);
        var caseParameters = Gen.Elements("standard", "state", "industry", "county", "bureau", "card", "dueWithin", "status", "sort", "desc", "page");
        var json = "application/json";
        return Gen.OneOf(
            // Query values that are not among the choices, not numbers, out of range.
            Gen.Zip(caseParameters, bad).Select(x => new Bad("case list filter", Office, "GET", $"/api/cases?{x.Item1}={Uri.EscapeDataString(x.Item2)}", null, null)),
            Gen.Elements("q=" + Uri.EscapeDataString(new string('搜', 101)), "q=%07bell", "q=a%00b", "county=999999", "page=0", "page=100001", "dueWithin=-1", "dueWithin=3661")
                .Select(q => new Bad("case list limits", Office, "GET", "/api/cases?" + q, null, null)),
            Gen.Zip(Gen.Elements("/api/reports?year=", "/api/targets?year=", "/api/public/exit-list?city=431000&year="), Gen.OneOf(bad, Gen.Elements("1999", "2101", "-5", "0")))
                .Select(x => new Bad("year", Office, "GET", x.Item1 + Uri.EscapeDataString(x.Item2), null, null)),
            // Report dates need the holiday calendar: a year before it (2016) or past its provisional two is refused, not a 500.
            Gen.Elements("2005", "2015", "2029", "2035").Select(y => new Bad("report year outside the calendar", Office, "GET", "/api/reports?year=" + y, null, null)),
            Gen.Zip(Gen.Elements("/api/notices?page=", "/api/tasks?overdue=", "/api/public/red-cards?city=", "/api/public/yellow-cards?city=", "/api/notices?page=0&x="),
                    Gen.OneOf(bad, Gen.Elements("-5", "0", "100001", "4310\u00000")))
                .Select(x => new Bad("query value", Office, "GET", x.Item1 + Uri.EscapeDataString(x.Item2), null, null)),
            // Bodies that are not JSON at all, or not the object asked for.
            Gen.Zip(post, noise).Select(x => new Bad("not JSON", x.Item1.Item1, "POST", x.Item1.Item2, json, Utf8("{" + x.Item2))),
            Gen.Zip(post, Gen.Elements("", "null", "[]", "[1,2]", "\"text\"", "42", "{\"a\":", "{'single':'quotes'}", "{\"x\":1,}")).Select(x =>
                new Bad("not an object", x.Item1.Item1, "POST", x.Item1.Item2, json, Utf8(x.Item2))),
            Gen.Zip(post, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))).Select(x => new Bad("random bytes", x.Item1.Item1, "POST", x.Item1.Item2, json, [0xFF, .. x.Item2])),
            Gen.Zip(post, Gen.Elements<string?>(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"))
                .Select(x => new Bad("wrong media type", x.Item1.Item1, "POST", x.Item1.Item2, x.Item2, Utf8("{}"))),
            // JSON with values of the wrong type.
            Gen.Elements(
                    (Office, "/api/targets", """{"county":"431002","year":"twenty","description":"d","amount":1,"unit":"万吨/年"}"""),
                    (Office, "/api/targets", """{"county":"431002","year":2026,"description":"d","amount":"lots","unit":"万吨/年"}"""),
                    (Office, "/api/targets", """{"county":"431002","year":2026,"description":"d","amount":1,"unit":"万吨/年","due":"31/12/2026"}"""),
                    (Office, "/api/targets", """{"county":"431002","year":1e999,"description":"d","amount":1,"unit":"u"}"""),
                    (Office, "/api/reports", """{"report":"annual","year":[2026],"filer":"x"}"""),
                    (Office, "/api/cases", """{"creditCode":123,"enterpriseName":{"a":1}}"""),
                    (Office, "/api/cases", """{"variables":["a"]}"""),
                    (Officer, $"/api/cases/{energyCase}/commands/withdraw", """{"data":"reason"}"""),
                    (Officer, $"/api/cases/{energyCase}/commands/withdraw", """{"data":{"reason":42}}"""),
                    (Officer, $"/api/cases/{energyCase}/commands/withdraw", """{"data":{"reason":"r"},"files":"x"}"""),
                    (Officer, $"/api/tasks/{techTask}/complete", """{"outcome":["demolishable"]}"""),
                    (Office, "/api/token", """{"login":5,"password":true}"""),
                    (Office, "/api/token/refresh", """{"refreshToken":7}"""))
                .Select(x => new Bad("wrong type", x.Item1, "POST", x.Item2, json, Utf8(x.Item3))),
            // Well-formed JSON whose values the services refuse.
            Gen.Zip(noise, noise).Select(x => new Bad("case opening", Office, "POST", "/api/cases", json, Utf8(System.Text.Json.JsonSerializer.Serialize(new
            {
                creditCode = "x-" + x.Item1, enterpriseName = x.Item2, industry = "Cement", countyCode = "431021", item = "线", amount = x.Item1, unit = "万吨/年",
                standard = "energy", findingDate = x.Item2, legalBasis = "依据", bureauId = "1",
            })))),
            Gen.Zip(bad, noise).Select(x => new Bad("target", Office, "POST", "/api/targets", json, Utf8(System.Text.Json.JsonSerializer.Serialize(new
            {
                county = x.Item1, year = 2026, description = x.Item2, amount = 1, unit = "万吨/年",
            })))),
            Gen.Zip(bad, Gen.Choose(-5, 3000)).Select(x => new Bad("report filing", Office, "POST", "/api/reports", json, Utf8(System.Text.Json.JsonSerializer.Serialize(new
            {
                report = x.Item1, year = x.Item2, filer = "jurisdiction:1", note = "n",
            })))),
            // (A NUL in a path is refused by Kestrel itself, before the API: the command names here have none.)
            Gen.Zip(bad.Select(c => c.Replace("\0", "", StringComparison.Ordinal)), noise).Select(x => new Bad("unknown command", Officer, "POST", $"/api/cases/{energyCase}/commands/{Uri.EscapeDataString(x.Item1)}", json,
                Utf8(System.Text.Json.JsonSerializer.Serialize(new { data = new Dictionary<string, string> { ["reason"] = x.Item2 } })))),
            Gen.OneOf(Gen.Elements("重复立案\u0007", "\u001b[31m撤销"), Gen.Choose(1001, 5000).Select(n => new string('理', n)))
                .Select(r => new Bad("bad reason", Officer, "POST", $"/api/cases/{energyCase}/commands/withdraw", json,
                    Utf8(System.Text.Json.JsonSerializer.Serialize(new { data = new Dictionary<string, string> { ["reason"] = r } })))),
            Gen.Zip(Gen.Elements("attachment", "photosBefore", "", "\u0007"), Gen.Elements("not base64!", "", Convert.ToBase64String([0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1]), "QUJD"))
                .Select(x => new Bad("bad file", Officer, "POST", $"/api/cases/{energyCase}/commands/withdraw", json,
                    Utf8(System.Text.Json.JsonSerializer.Serialize(new { data = new Dictionary<string, string> { ["reason"] = "重复立案" }, files = new[] { new { field = x.Item1, fileName = "a.pdf", contentBase64 = x.Item2 } } })))),
            bad.Select(o => new Bad("unknown outcome", Officer, "POST", $"/api/tasks/{techTask}/complete", json,
                Utf8(System.Text.Json.JsonSerializer.Serialize(new { outcome = o, data = new Dictionary<string, string> { ["reason"] = "r" } })))),
            Gen.Elements("", "x", "\u0007", "a b").Select(l => new Bad("token fields", Office, "POST", "/api/token", json,
                Utf8(System.Text.Json.JsonSerializer.Serialize(new { login = l, password = "" })))),
            noise.Select(t => new Bad("refresh token", Office, "POST", "/api/token/refresh", json, Utf8(System.Text.Json.JsonSerializer.Serialize(new { refreshToken = t })))),
            // Ids that are not there, or not ids; methods the API does not have.
            Gen.Zip(Gen.Elements("/api/cases/{0}", "/api/documents/{0}", "/api/notices/{0}/docx", "/api/reports/receipts/{0}"),
                    Gen.Elements("0", "-1", "9223372036854775807", "99999999", "abc", "1.5", "%E9%95%BF", "1e3"))
                .Select(x => new Bad("unknown id", Office, "GET", string.Format(CultureInfo.InvariantCulture, x.Item1, x.Item2), null, null)),
            Gen.Elements("0", "-7", "987654321").Select(id => new Bad("unknown task", Officer, "POST", $"/api/tasks/{id}/complete", json, Utf8("""{"outcome":"demolishable"}"""))),
            Gen.Zip(Gen.Elements("DELETE", "PUT", "PATCH"), Gen.Elements("/api/cases", $"/api/cases/{energyCase}", "/api/tasks", "/api/targets", "/api/token"))
                .Select(x => new Bad("no such method", Office, x.Item1, x.Item2, json, Utf8("{}"))));
    }

    [Fact]
    public async Task Over_a_thousand_generated_malformed_requests_each_get_a_problem_and_none_writes_anything()
    {
        var energyCase = await ApiSamples.OpenCaseAsync(app, 201, "energy", "郴州示例接口畸形请求水泥有限公司");
        var techCase = await ApiSamples.OpenCaseAsync(app, 202, "technology", "郴州示例接口畸形请求铅业有限公司", ApiSamples.TechnologyVariables);
        var techTask = await ApiSamples.OpenTaskAsync(app, techCase);
        var requests = Gen.Sample(Generator(energyCase, techTask), 1100);
        // The tokens first: getting one is audited (a sign-in), and the count before must not include it.
        var clients = new Dictionary<string, ApiClient>();
        foreach (var login in requests.Select(r => r.Login).Distinct())
        {
            clients[login] = await ApiClient.OpenAsync(app.BaseAddress, login);
        }

        var wrong = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var before = await FingerprintAsync();
        try
        {
            foreach (var bad in requests)
            {
                var client = clients[bad.Login];
                using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path);
                if (bad.Body is not null)
                {
                    request.Content = new ByteArrayContent(bad.Body);
                    if (bad.ContentType is not null)
                    {
                        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(bad.ContentType);
                    }
                }

                using var response = await client.Client.SendAsync(request);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status is < 400 or >= 500)
                {
                    wrong.Add($"{bad}: {status} {await response.Content.ReadAsStringAsync()}");
                }
                else if (await ApiClient.ProblemFaultAsync(response) is { } fault)
                {
                    wrong.Add($"{bad}: {status} is not a problem document: {fault}");
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }

        Assert.True(requests.Length >= 1000);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {requests.Length} malformed requests were not refused with a problem:\n" + string.Join("\n", wrong.Take(40)));
        Assert.Equal(before, await FingerprintAsync());
        // Every kind of refusal was met, not only one.
        Assert.True(new[] { 400, 401, 404, 405, 409, 415 }.All(statuses.ContainsKey), "statuses seen: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
    }

    /// <summary>
    /// What a request could have written: rows people make and where each case stands (the audit log's lines of refused
    /// uploads are the refusal's own record, not a write of the request's). History lines of the host's own
    /// background work ("system" for the dispatcher, "system:…" for the calendar jobs such as the price measures, which
    /// run every two minutes in the same host) are left out: no request writes under a system actor.
    /// </summary>
    private async Task<string> FingerprintAsync()
    {
        var counts = new List<string>();
        foreach (var table in new[] { "cases", "enterprises", "capacity_items", "case_documents", "report_submissions", "annual_targets", "workflow_tasks", "accounts" })
        {
            counts.Add($"{table}={await app.ScalarAsync<long>($"select count(*) from capacity_exit.{table}")}");
        }

        // A refused upload (a file of the wrong kind, a body over its limit) is recorded in the audit log by design; nothing else is.
        counts.Add($"audit_events={await app.ScalarAsync<long>("select count(*) from capacity_exit.audit_events where kind <> 'UploadRefused'")}");

        counts.Add($"history={await app.ScalarAsync<long>("select count(*) from capacity_exit.case_history where actor <> 'system' and actor not like 'system:%'")}");
        counts.Add("states=" + await app.ScalarAsync<string>("select string_agg(case_id || ':' || state, ',' order by case_id) from capacity_exit.workflow_instances"));
        return string.Join("; ", counts);
    }
}
