using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>The JSON API's authorisation, over HTTP against the real host: <see cref="ApiMatrix"/>, its coverage, and the OpenAPI document's.</summary>
[Collection(WebCollection.Name)]
public sealed class ApiAuthorisationTests(WebApp app)
{
    /// <summary>The catch-all that answers unknown /api addresses with a problem: mapped, deliberately not an operation.</summary>
    private const string Fallback = "/api/{**path}";

    private static bool IsApi(string route) => route.StartsWith("/api/", StringComparison.Ordinal) || route.StartsWith("/openapi/", StringComparison.Ordinal);

    [Fact]
    public async Task Every_API_route_the_host_maps_has_a_row_in_the_API_matrix_and_every_row_a_route()
    {
        var mapped = (await app.MappedRoutesAsync()).Where(IsApi).ToList();

        Assert.Contains("/api/cases", mapped);
        var missing = mapped.Except(ApiMatrix.Routes).ToList();
        Assert.True(missing.Count == 0, "API routes the host maps without a row in ApiMatrix.Rows: " + string.Join(", ", missing));
        var stale = ApiMatrix.Routes.Except(mapped).ToList();
        Assert.True(stale.Count == 0, "rows in ApiMatrix.Rows for routes the host does not map: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_role_gets_what_the_API_matrix_says_on_every_operation_and_every_refusal_is_a_problem()
    {
        var samples = await SampleValuesAsync();
        var clients = new Dictionary<string, ApiClient>();
        var wrong = new List<string>();
        try
        {
            foreach (var row in ApiMatrix.Rows)
            {
                var path = samples.Aggregate(row.Sample, (s, v) => s.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));
                foreach (var (role, login, expected) in row.Cells())
                {
                    if (!clients.TryGetValue(login ?? "", out var client))
                    {
                        clients[login ?? ""] = client = await ApiClient.OpenAsync(app.BaseAddress, login);
                    }

                    using var request = new HttpRequestMessage(new HttpMethod(row.Method), path);
                    if (row.Body is not null)
                    {
                        request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
                    }

                    using var response = await client.Client.SendAsync(request);
                    var got = (int)response.StatusCode;
                    if (got != expected)
                    {
                        wrong.Add($"{role} {row.Method} {path}: expected {expected}, got {got} {Cut(await response.Content.ReadAsStringAsync())}");
                    }
                    else if (got >= 400 && await ApiClient.ProblemFaultAsync(response) is { } fault)
                    {
                        wrong.Add($"{role} {row.Method} {path}: {got} is not a problem document: {fault}");
                    }
                    else if (got == 401 && !response.Headers.WwwAuthenticate.Any() && row.Route != "/api/token/refresh")
                    {
                        wrong.Add($"{role} {row.Method} {path}: 401 without WWW-Authenticate");
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

        Assert.True(wrong.Count == 0, $"{wrong.Count} cells of the API matrix do not hold:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_mapped_API_route_with_its_method_its_errors_and_the_bearer_scheme()
    {
        using var office = await ApiClient.OpenAsync(app.BaseAddress, Authorisation.RouteMatrix.Logins.Office);
        var (status, document) = await office.GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document.GetProperty("paths");
        var mapped = (await app.MappedRoutesAsync()).Where(r => r.StartsWith("/api/", StringComparison.Ordinal) && r != Fallback).ToList();

        var problems = new List<string>();
        foreach (var route in mapped)
        {
            // The host lists route constraints ({id:long}); the document names the parameter only ({id}).
            var documented = System.Text.RegularExpressions.Regex.Replace(route, "{([^}:]+)(:[^}]*)?}", "{$1}");
            if (!paths.TryGetProperty(documented, out var item))
            {
                problems.Add($"{route}: not in the document");
                continue;
            }

            foreach (var row in ApiMatrix.Rows.Where(r => r.Route == route))
            {
                if (!item.TryGetProperty(row.Method.ToLowerInvariant(), out var operation))
                {
                    problems.Add($"{row.Method} {route}: the document has no such operation");
                    continue;
                }

                var responses = operation.GetProperty("responses");
                var needsToken = row.Anonymous == 401 && !route.StartsWith("/api/token", StringComparison.Ordinal); // getting a token needs none
                if (needsToken && !(operation.TryGetProperty("security", out var security) && security.ToString().Contains("Bearer", StringComparison.Ordinal)))
                {
                    problems.Add($"{row.Method} {route}: needs a token but the document does not say so");
                }

                // Every status the matrix sees as a refusal is documented, as a problem.
                foreach (var refusal in row.Cells().Select(c => c.Expected).Where(s => s >= 400).Distinct())
                {
                    if (!responses.TryGetProperty(refusal.ToString(CultureInfo.InvariantCulture), out var response)
                        || !response.GetProperty("content").TryGetProperty("application/problem+json", out _))
                    {
                        problems.Add($"{row.Method} {route}: {refusal} is not documented as a problem");
                    }
                }
            }
        }

        var documentedPaths = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(mapped.Count, documentedPaths.Count);
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ApiProblem", out _));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_pages_cookie_is_not_a_token_and_the_pages_sign_in_still_works_beside_the_API()
    {
        using var signedIn = await app.HttpAsync(Authorisation.RouteMatrix.Logins.Office);

        using var page = await signedIn.Client.GetAsync("/cases");
        using var api = await signedIn.Client.GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode); // the API answers tokens only: no cross-site request acts through a cookie
        Assert.Null(await ApiClient.ProblemFaultAsync(api));
        Assert.Equal("Bearer", api.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_wrong_password_gets_no_token_but_a_problem_and_is_audited_like_the_sign_in_form()
    {
        const string login = "chenzhou-development";
        var before = await app.ScalarAsync<long>("select count(*) from capacity_exit.audit_events where actor = @l", ("l", login));
        using var anonymous = await ApiClient.OpenAsync(app.BaseAddress, null);

        using var response = await anonymous.Client.PostAsync("/api/token", ApiClient.Json(new { login, password = "not-the-password" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await ApiClient.ProblemFaultAsync(response));
        var body = await ApiClient.BodyAsync(response);
        Assert.Equal(ApiClient.ProblemPrefix + "sign-in-refused", body.GetProperty("type").GetString());
        Assert.Equal("登录名或密码不正确。", body.GetProperty("errors")[0].GetProperty("messageZh").GetString());
        Assert.Equal(before + 1, await app.ScalarAsync<long>("select count(*) from capacity_exit.audit_events where actor = @l", ("l", login)));
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_working_token()
    {
        using var anonymous = await ApiClient.OpenAsync(app.BaseAddress, null);
        var (_, issued) = await anonymous.PostJsonAsync("/api/token", new { login = Authorisation.RouteMatrix.Logins.Auditor, password = DemoPeople.Password });

        var (status, refreshed) = await anonymous.PostJsonAsync("/api/token/refresh", new { refreshToken = issued.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, status);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.Authorization = new("Bearer", refreshed.GetProperty("accessToken").GetString());
        using var response = await anonymous.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The cases the samples name, opened and acted on through the API (a document attached on the way).</summary>
    private async Task<Dictionary<string, string>> SampleValuesAsync()
    {
        var energyCase = await ApiSamples.OpenCaseAsync(app, 101, "energy", "郴州示例接口矩阵水泥有限公司");
        var document = await ApiSamples.RequestExtensionWithDocumentAsync(app, energyCase);
        var techCase = await ApiSamples.OpenCaseAsync(app, 102, "technology", "郴州示例接口矩阵铅业有限公司", ApiSamples.TechnologyVariables);
        return new Dictionary<string, string>
        {
            ["energyCase"] = energyCase.ToString(CultureInfo.InvariantCulture),
            ["document"] = document.ToString(CultureInfo.InvariantCulture),
            ["techTask"] = (await ApiSamples.OpenTaskAsync(app, techCase)).ToString(CultureInfo.InvariantCulture),
            ["chenzhouReceipt"] = (await app.ScalarAsync<long>(
                """
                select coalesce(min(r.id), 0) from capacity_exit.report_submissions r
                join capacity_exit.jurisdictions j on j.id = r.city_id where j.code = '431000'
                """)).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
