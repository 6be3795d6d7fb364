using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Authorisation;

/// <summary>
/// The route table (<see cref="RouteMatrix"/>) against the running host: every request it accepts (each method and page
/// handler) for 郴州's roles and the same roles of other cities, and the scope rule (docs/security.md): another city's
/// record answers exactly as a missing one, on every page and API operation that takes an id. One host (the collection's),
/// one session per login.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class AuthorisationMatrixTests(WebApp app)
{
    /// <summary>Enterprise names of 郴州's demo data all begin so; no other city's person may ever read one.</summary>
    private const string ChenzhouEnterprise = "郴州示例";

    [Fact]
    public async Task Every_request_the_host_accepts_has_a_row_in_the_matrix_and_every_row_a_request()
    {
        var mapped = await app.MappedRoutesAsync();
        var rows = RouteMatrix.Rows.Select(r => r.Route).Distinct().ToList();

        Assert.NotEmpty(mapped);
        var missing = mapped.Except(rows).Except(ApiMatrix.Routes).ToList(); // the /api operations: Api/ApiMatrix.cs
        Assert.True(missing.Count == 0, "routes the host maps without a row in RouteMatrix.Rows: " + string.Join(", ", missing));
        var stale = rows.Except(mapped).Except(RouteMatrix.MiddlewareRoutes).ToList();
        Assert.True(stale.Count == 0, "rows in RouteMatrix.Rows for routes the host does not map: " + string.Join(", ", stale));

        // Each method and page handler a route accepts has its row; an endpoint that takes any method is covered by its GET.
        var keys = RouteMatrix.Rows.Select(r => r.Key).Distinct().ToList();
        var twice = RouteMatrix.Rows.GroupBy(r => (r.Key, r.Sample)).Where(g => g.Count() > 1).Select(g => g.Key.Sample).ToList();
        Assert.True(twice.Count == 0, "rows twice: " + string.Join(", ", twice));
        var accepted = (await app.AcceptedRequestsAsync())
            .Where(r => !ApiMatrix.Routes.Contains(r.Split('\t')[1]))
            .Select(r => r.StartsWith("*\t", StringComparison.Ordinal) ? "GET" + r[1..] : r)
            .Distinct().ToList();
        Assert.Contains(accepted, r => r.StartsWith("POST\t", StringComparison.Ordinal));
        Assert.Contains(accepted, r => r.EndsWith("\txlsx", StringComparison.Ordinal));
        var uncovered = accepted.Except(keys).ToList();
        Assert.True(uncovered.Count == 0, "requests the host accepts without a row (method, route, handler): " + string.Join(", ", uncovered.Select(k => k.Replace('\t', ' '))));
        var gone = keys.Where(k => !RouteMatrix.MiddlewareRoutes.Contains(k.Split('\t')[1]) && !ApiMatrix.Routes.Contains(k.Split('\t')[1])).Except(accepted).ToList();
        Assert.True(gone.Count == 0, "rows for requests the host does not accept: " + string.Join(", ", gone.Select(k => k.Replace('\t', ' '))));
    }

    [Fact]
    public async Task Every_role_of_Chenzhou_and_of_other_cities_gets_what_the_matrix_says_for_every_method_and_handler()
    {
        var samples = await SampleValuesAsync();
        using var sessions = new Sessions(app);
        var wrong = new List<string>();
        foreach (var row in RouteMatrix.Rows)
        {
            var path = Fill(row.Sample, samples);
            var cells = row.Cells().Select(c => (c.Role, c.Login, c.Expected, Elsewhere: false)).ToList();
            if (row.Record is null && row.Anonymous != RouteMatrix.Ok)
            {
                // Other cities' people on a route that names no record of 郴州: what 郴州's get (their own city's), or the row's Elsewhere.
                cells.AddRange(row.ElsewhereCells().Select(c => (c.Role, (string?)c.Login, c.Expected, Elsewhere: true)));
            }

            foreach (var (role, login, expected, elsewhere) in cells)
            {
                if (row.OnlyFor is { } only && !only.Contains(role))
                {
                    continue;
                }

                var (got, body) = await sessions.SendAsync(login, row, path);
                var want = expected == RouteMatrix.SignIn ? RouteMatrix.To("/?ReturnUrl=" + Uri.EscapeDataString(path)) : expected;
                var who = elsewhere ? $"{role} of another city ({login})" : role;
                if (got != want)
                {
                    wrong.Add($"{who} {row.Method} {path}: expected {want}, got {got}");
                }
                else if (elsewhere && got.Status == 200 && body.Contains(ChenzhouEnterprise, StringComparison.Ordinal))
                {
                    wrong.Add($"{who} {row.Method} {path}: names an enterprise of 郴州");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} cells of the matrix do not hold:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task Another_citys_record_answers_exactly_as_a_missing_one_on_every_page_and_api_operation_that_takes_an_id()
    {
        var samples = await SampleValuesAsync();
        using var sessions = new Sessions(app);
        var wrong = new List<string>();
        var checkedRows = 0;
        foreach (var row in RouteMatrix.Rows.Where(r => r.Record is not null))
        {
            var (record, absent, key) = RecordAndAbsent(row.Record!, row.Absent, samples);
            if (row.Reader is { } reader)
            {
                var (seen, _) = await sessions.SendAsync(reader, row with { Method = "GET" }, record);
                Assert.True(seen == RouteMatrix.Ok, $"{reader} should read the record {record} (so that it exists): got {seen}");
            }

            foreach (var (role, login, _) in row.ElsewhereCells())
            {
                var (gotRecord, bodyRecord) = await sessions.SendAsync(login, row, record);
                var (gotAbsent, bodyAbsent) = await sessions.SendAsync(login, row, absent);
                var a = Normalise(gotRecord.ToString() + "\n" + bodyRecord, record, key);
                var b = Normalise(gotAbsent.ToString() + "\n" + bodyAbsent, absent, row.Absent);
                if (a != b)
                {
                    wrong.Add($"{role} {login} {row.Method} {record}: {gotRecord}, but {gotAbsent} for {absent}" + (gotRecord == gotAbsent ? " (the words differ)" : ""));
                }

                if (bodyRecord.Contains(ChenzhouEnterprise, StringComparison.Ordinal))
                {
                    wrong.Add($"{role} {login} {row.Method} {record}: names an enterprise of 郴州");
                }
            }

            checkedRows++;
        }

        // The API: the same record through each operation that takes an id, with each other city's person's token.
        var api = new (string Method, string Path, string? Body, bool Readable)[]
        {
            ("GET", "/api/cases/{leadCase}", null, true),
            ("POST", "/api/cases/{leadCase}/commands/withdraw", """{"data":{}}""", false),
            ("GET", "/api/documents/{fireworksDocument}", null, true),
            ("POST", "/api/tasks/{chenzhouTask}/complete", """{"outcome":"no-such-outcome"}""", false),
            ("GET", "/api/reports/receipts/{chenzhouReceipt}", null, true),
            ("GET", "/api/notices/{chenzhouNotice}/docx", null, true),
        };
        var clients = new Dictionary<string, ApiClient>();
        try
        {
            foreach (var login in RouteMatrix.OtherCityLogins.All.Append(RouteMatrix.Logins.Office))
            {
                clients[login] = await ApiClient.OpenAsync(app.BaseAddress, login);
            }

            foreach (var (method, sample, body, readable) in api)
            {
                var (record, absent, key) = RecordAndAbsent(sample, "987654321", samples);
                if (readable)
                {
                    using var seen = await ApiSendAsync(clients[RouteMatrix.Logins.Office], method, record, body);
                    Assert.True(seen.StatusCode == HttpStatusCode.OK, $"{RouteMatrix.Logins.Office} should read {record}: got {(int)seen.StatusCode}");
                }

                foreach (var login in RouteMatrix.OtherCityLogins.All)
                {
                    using var r = await ApiSendAsync(clients[login], method, record, body);
                    using var m = await ApiSendAsync(clients[login], method, absent, body);
                    var textRecord = await r.Content.ReadAsStringAsync();
                    var a = Normalise($"{(int)r.StatusCode}\n{textRecord}", record, key);
                    var b = Normalise($"{(int)m.StatusCode}\n{await m.Content.ReadAsStringAsync()}", absent, "987654321");
                    if (a != b)
                    {
                        wrong.Add($"{login} {method} {record}: {(int)r.StatusCode}, but {(int)m.StatusCode} for {absent}" + (r.StatusCode == m.StatusCode ? " (the words differ)" : ""));
                    }

                    if (r.StatusCode != HttpStatusCode.NotFound)
                    {
                        wrong.Add($"{login} {method} {record}: {(int)r.StatusCode}, not 404");
                    }

                    if (textRecord.Contains(ChenzhouEnterprise, StringComparison.Ordinal))
                    {
                        wrong.Add($"{login} {method} {record}: names an enterprise of 郴州");
                    }
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

        Assert.True(checkedRows >= 10, $"only {checkedRows} rows name a record");
        Assert.True(wrong.Count == 0, $"{wrong.Count} answers tell another city's record from a missing one:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task An_auditor_reads_the_audit_lines_of_their_own_jurisdiction_and_an_administrator_the_mail_of_theirs()
    {
        await EnsureOtherCityAdminAsync();
        var chenzhouRegions = new List<string>();
        foreach (var id in new[] { "431000", "431002", "431003", "431021", "431022", "431081" })
        {
            if (await app.ScalarAsync<long>("select count(*) from capacity_exit.jurisdictions where code = @c", ("c", id)) == 1)
            {
                chenzhouRegions.Add(await app.ScalarAsync<string>("select name_zh from capacity_exit.jurisdictions where code = @c", ("c", id)));
            }
        }

        using var sessions = new Sessions(app);
        var audit = new RouteRow("/audit", "/audit", RouteMatrix.SignIn, RouteMatrix.No, RouteMatrix.No, RouteMatrix.No, RouteMatrix.No, RouteMatrix.Ok, RouteMatrix.Ok);
        var outbox = audit with { Route = "/outbox", Sample = "/outbox" };
        var (_, ownAudit) = await sessions.SendAsync(RouteMatrix.Logins.Auditor, audit, "/audit");
        var (_, otherAudit) = await sessions.SendAsync("changchun-auditor", audit, "/audit");
        var (_, ownMail) = await sessions.SendAsync(RouteMatrix.Logins.Admin, outbox, "/outbox");
        var (_, otherMail) = await sessions.SendAsync(RouteMatrix.OtherCityLogins.Admin, outbox, "/outbox");

        // Each auditor has signed in: 郴州's reads 郴州's sign-ins, 长春's only 长春's.
        Assert.Contains("chenzhou-", ownAudit);
        Assert.Contains("changchun-auditor", otherAudit);
        Assert.DoesNotContain("chenzhou-", otherAudit);
        Assert.DoesNotContain("<td>admin</td>", otherAudit); // the demo's administrator sits at 郴州
        // 郴州's demo mail (reminders, price notices, 通报) is on its administrator's page and not on 湛江's.
        Assert.Contains(chenzhouRegions, r => ownMail.Contains($"<td>{r}</td>", StringComparison.Ordinal));
        Assert.DoesNotContain(chenzhouRegions, r => otherMail.Contains($"<td>{r}</td>", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> ApiSendAsync(ApiClient client, string method, string path, string? body) => method == "GET"
        ? client.Client.GetAsync(path)
        : client.Client.PostAsync(path, ApiClient.RawJson(body ?? "{}"));

    private static string Fill(string sample, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(sample, (s, v) => s.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));

    /// <summary>The record's address, the same address with the key nobody has, and the record's key.</summary>
    private static (string Record, string Absent, string Key) RecordAndAbsent(string sample, string absentKey, IReadOnlyDictionary<string, string> values)
    {
        var placeholder = Placeholder().Match(sample).Value;
        var key = values[placeholder.Trim('{', '}')];
        return (Fill(sample, values), Fill(sample.Replace(placeholder, absentKey, StringComparison.Ordinal), values), key);
    }

    /// <summary>
    /// An answer without what must differ between two requests: the address asked (as written, escaped or encoded), a
    /// long key echoed back (a credit code typed into a form), antiforgery tokens and nonces made afresh for each answer.
    /// </summary>
    private static string Normalise(string answer, string path, string key)
    {
        foreach (var form in new[] { path, Uri.EscapeDataString(path), WebUtility.HtmlEncode(path) })
        {
            answer = answer.Replace(form, "{path}", StringComparison.Ordinal);
        }

        if (key.Length >= 6)
        {
            answer = answer.Replace(key, "{key}", StringComparison.Ordinal);
        }

        return Fresh().Replace(answer, "${name}=\"…\"");
    }

    /// <summary>Ids of the demo data the samples name; a document is uploaded for the purpose (the demo has none).</summary>
    private async Task<Dictionary<string, string>> SampleValuesAsync()
    {
        var fireworksCase = await app.CaseIdAsync("郴州示例烟花制造有限公司");
        var document = await app.ScalarAsync<long>("select coalesce(max(id), 0) from capacity_exit.case_documents where case_id = @id", ("id", fireworksCase));
        if (document == 0)
        {
            using var officer = await app.HttpAsync("chenzhou-emergencymanagement");
            const string form = "reinspection-failed";
            var token = HttpSession.AntiforgeryToken(await officer.Client.GetStringAsync($"/cases/{fireworksCase}/act/{form}"));
            using var body = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("复查仍不达标"), "reason" },
                { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "attachment", "复查记录.pdf" },
            };
            using var response = await officer.Client.PostAsync($"/cases/{fireworksCase}/act/{form}", body);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"the upload for the matrix failed: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
            document = await app.ScalarAsync<long>("select max(id) from capacity_exit.case_documents where case_id = @id", ("id", fireworksCase));
        }

        await EnsureOtherCityAdminAsync();
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        const string chenzhou = "(select j.id from capacity_exit.jurisdictions j where j.code = '431000' or j.parent_id = (select id from capacity_exit.jurisdictions where code = '431000'))";
        return new Dictionary<string, string>
        {
            ["leadCase"] = Id(await app.CaseIdAsync("郴州示例有色铅业有限公司")),
            ["fireworksDocument"] = Id(document),
            ["chenzhouReceipt"] = Id(await app.ScalarAsync<long>(
                """
                select coalesce(min(r.id), 0) from capacity_exit.report_submissions r
                join capacity_exit.jurisdictions j on j.id = r.city_id where j.code = '431000'
                """)),
            ["coalTask"] = Id(await app.ScalarAsync<long>(
                "select coalesce(min(id), 0) from capacity_exit.programme_tasks where kind = 'coal-breach'")),
            ["chenzhouNotice"] = Id(await app.ScalarAsync<long>($"select coalesce(min(id), 0) from capacity_exit.issued_notices where jurisdiction_id in {chenzhou}")),
            ["chenzhouReport"] = Id(await app.ScalarAsync<long>($"select coalesce(min(id), 0) from capacity_exit.public_reports where status <> 'Refused' and county_id in {chenzhou}")),
            ["chenzhouTask"] = Id(await app.ScalarAsync<long>(
                $"""
                select coalesce(min(t.id), 0) from capacity_exit.workflow_tasks t
                join capacity_exit.cases c on c.id = t.case_id
                join capacity_exit.capacity_items i on i.id = c.capacity_item_id
                join capacity_exit.enterprises e on e.id = i.enterprise_id
                where t.status = 'Open' and e.county_id in {chenzhou}
                """)),
            // The exited steel works of the demo (its resettlement plan is on record).
            ["chenzhouCredit"] = await app.ScalarAsync<string>(
                $"select e.credit_code from capacity_exit.enterprises e where e.county_id in {chenzhou} and exists (select 1 from capacity_exit.resettlement_plans p where p.enterprise_id = e.id) order by e.id limit 1"),
        };
    }

    /// <summary>An administrator seated at 湛江 (the demo's sits at 郴州), added by the demo's administrator once.</summary>
    private async Task EnsureOtherCityAdminAsync()
    {
        if (await app.ScalarAsync<long>("select count(*) from capacity_exit.people where login = @l", ("l", RouteMatrix.OtherCityLogins.Admin)) > 0)
        {
            return;
        }

        using var admin = await app.HttpAsync(RouteMatrix.Logins.Admin);
        using var added = await admin.PostFormAsync("/admin/users/add", "/admin/users/add", new Dictionary<string, string>
        {
            ["Input.Login"] = RouteMatrix.OtherCityLogins.Admin, ["Input.DisplayName"] = "测试用户·湛江系统管理员", ["Input.Email"] = "scope-admin@example.org",
            ["Input.Role"] = "Admin", ["Input.JurisdictionCode"] = RouteMatrix.OtherCityLogins.AdminJurisdiction, ["Input.BureauKind"] = "",
            ["Input.Password"] = DemoPeople.Password,
        });
        Assert.True(await app.ScalarAsync<long>("select count(*) from capacity_exit.people where login = @l", ("l", RouteMatrix.OtherCityLogins.Admin)) == 1,
            $"the administrator of 湛江 was not added: {(int)added.StatusCode}\n{await added.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<name>value|nonce|content)=""(CfDJ8[^""]*|[A-Za-z0-9+/=_-]{16,})""")]
    private static partial Regex Fresh();

    /// <summary>One signed-in session per login (anonymous too), with its antiforgery token for the posts.</summary>
    private sealed class Sessions(WebApp app) : IDisposable
    {
        private readonly Dictionary<string, (HttpSession Session, string Token)> _open = [];

        /// <summary>Sends the row's request as <paramref name="login"/>; the outcome as the matrix writes it, and the body.</summary>
        public async Task<(Outcome Outcome, string Body)> SendAsync(string? login, RouteRow row, string path)
        {
            var signOut = row is { Method: "POST", Route: "/account/signout" };
            var (session, token) = signOut ? await OpenAsync(login) : await SessionAsync(login);
            try
            {
                using var response = row.Method == "GET"
                    ? await session.Client.GetAsync(path)
                    : await session.PostAsync(path, new Dictionary<string, string>(row.Form) { ["__RequestVerificationToken"] = token });
                var got = new Outcome((int)response.StatusCode, Location(response, path));
                if (got is { Status: 302, Location: { } to } && to.StartsWith("/forbidden", StringComparison.Ordinal))
                {
                    got = RouteMatrix.No;
                }

                var media = response.Content.Headers.ContentType?.MediaType ?? "";
                var body = media.StartsWith("text/", StringComparison.Ordinal) || media.Contains("json", StringComparison.Ordinal)
                    ? await response.Content.ReadAsStringAsync()
                    : $"({media}, {(await response.Content.ReadAsByteArrayAsync()).Length} bytes)";
                return (got, body);
            }
            finally
            {
                if (signOut)
                {
                    session.Dispose();
                    // Signing out ends every session of the account (its security stamp is renewed): the kept one too.
                    if (_open.Remove(login ?? "", out var ended))
                    {
                        ended.Session.Dispose();
                    }
                }
            }
        }

        public void Dispose()
        {
            foreach (var (session, _) in _open.Values)
            {
                session.Dispose();
            }
        }

        private async Task<(HttpSession Session, string Token)> SessionAsync(string? login)
        {
            if (!_open.TryGetValue(login ?? "", out var open))
            {
                _open[login ?? ""] = open = await OpenAsync(login);
            }

            return open;
        }

        /// <summary>A session and a token from a form it is shown: the sign-in form, or the sign-out button of every page.</summary>
        private async Task<(HttpSession Session, string Token)> OpenAsync(string? login)
        {
            var session = await app.HttpAsync(login);
            var token = HttpSession.AntiforgeryToken(await session.Client.GetStringAsync(login is null ? "/" : "/dashboard"));
            return (session, token);
        }

        /// <summary>The Location of a redirect as a local address (path and query), whether the host wrote it absolute or not.</summary>
        private string? Location(HttpResponseMessage response, string path)
        {
            if (response.Headers.Location is not { } location)
            {
                return null;
            }

            var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri(app.BaseAddress, path), location);
            return absolute.Authority == app.BaseAddress.Authority ? absolute.PathAndQuery : absolute.ToString();
        }
    }
}
