using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Authorisation;

[Collection(WebCollection.Name)]
public sealed class AuthorisationMatrixTests(WebApp app)
{
    [Fact]
    public async Task Every_route_the_host_maps_has_a_row_in_the_matrix_and_every_row_a_route()
    {
        var mapped = await app.MappedRoutesAsync();
        var rows = RouteMatrix.Rows.Select(r => r.Route).ToList();

        Assert.NotEmpty(mapped);
        Assert.Equal(rows.Count, rows.Distinct().Count());
        var missing = mapped.Except(rows).Except(Api.ApiMatrix.Routes).ToList(); // the /api operations: Api/ApiMatrix.cs
        Assert.True(missing.Count == 0, "routes the host maps without a row in RouteMatrix.Rows: " + string.Join(", ", missing));
        var stale = rows.Except(mapped).Except(RouteMatrix.MiddlewareRoutes).ToList();
        Assert.True(stale.Count == 0, "rows in RouteMatrix.Rows for routes the host does not map: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_role_gets_what_the_matrix_says_on_every_route()
    {
        var samples = await SampleValuesAsync();
        var sessions = new Dictionary<string, HttpSession>();
        var wrong = new List<string>();
        try
        {
            foreach (var row in RouteMatrix.Rows)
            {
                var path = samples.Aggregate(row.Sample, (s, v) => s.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));
                foreach (var (role, login, expected) in row.Cells())
                {
                    var key = login ?? "";
                    if (!sessions.TryGetValue(key, out var session))
                    {
                        sessions[key] = session = await app.HttpAsync(login);
                    }

                    using var response = await session.Client.GetAsync(path);
                    var got = new Outcome((int)response.StatusCode, Location(response, path));
                    if (got is { Status: 302, Location: { } to } && to.StartsWith("/forbidden", StringComparison.Ordinal))
                    {
                        got = RouteMatrix.No;
                    }

                    var want = expected == RouteMatrix.SignIn ? RouteMatrix.To("/?ReturnUrl=" + Uri.EscapeDataString(path)) : expected;
                    if (got != want)
                    {
                        wrong.Add($"{role} GET {path}: expected {want}, got {got}");
                    }
                }
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} cells of the matrix do not hold:\n" + string.Join("\n", wrong));
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

    /// <summary>Ids of the demo data the samples name; a document is uploaded for the purpose (the demo has none).</summary>
    private async Task<Dictionary<string, string>> SampleValuesAsync()
    {
        var fireworksCase = await app.CaseIdAsync("郴州示例烟花制造有限公司");
        using (var officer = await app.HttpAsync("chenzhou-emergencymanagement"))
        {
            const string form = "reinspection-failed";
            var token = HttpSession.AntiforgeryToken(await officer.Client.GetStringAsync($"/cases/{fireworksCase}/act/{form}"));
            using var body = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("复查仍不达标"), "reason" },
                { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "attachment", "复查记录.pdf" },
            };
            using var response = await officer.Client.PostAsync($"/cases/{fireworksCase}/act/{form}", body);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"the upload for the matrix failed: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        }

        return new Dictionary<string, string>
        {
            ["leadCase"] = (await app.CaseIdAsync("郴州示例有色铅业有限公司")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["chenzhouReceipt"] = (await app.ScalarAsync<long>(
                """
                select coalesce(min(r.id), 0) from capacity_exit.report_submissions r
                join capacity_exit.jurisdictions j on j.id = r.city_id where j.code = '431000'
                """)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["coalTask"] = (await app.ScalarAsync<long>(
                "select coalesce(min(id), 0) from capacity_exit.programme_tasks where kind = 'coal-breach'")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["fireworksDocument"] = (await app.ScalarAsync<long>(
                "select max(id) from capacity_exit.case_documents where case_id = @id", ("id", fireworksCase))).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
