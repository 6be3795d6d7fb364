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
        var missing = mapped.Except(rows).ToList();
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

    /// <summary>Ids of the demo data the samples name.</summary>
    private Task<Dictionary<string, string>> SampleValuesAsync() => Task.FromResult(new Dictionary<string, string>());
}
