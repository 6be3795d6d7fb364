using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Web.Tests.Hostile;

/// <summary>
/// PostgreSQL out of reach under a running host (its connections cut and new ones refused, through a TCP relay the
/// test holds between the host and the real server): a person signed in, a visitor and a program each get 503 with
/// Retry-After, people a page that says the system is briefly unavailable (Chinese, or English for a reader who chose
/// it), programs a problem document; once the database is reachable again the same requests succeed, with no restart.
/// </summary>
public sealed class DatabaseOutagePageTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private TcpRelay? _relay;
    private HostProcess? _host;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        _relay = new TcpRelay(server.Host!, server.Port);
        _relay.Open();
        _host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = _relay.Port, Timeout = 5 }.ConnectionString,
            ["CapacityExit__LoadDemoData"] = "true",
            ["CapacityExit__Mail__Enabled"] = "false",
        });
        await _host.WaitUntilListeningAsync(TimeSpan.FromSeconds(180));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _relay?.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task While_the_database_is_out_of_reach_pages_and_the_API_answer_503_saying_so_and_work_again_once_it_is_back()
    {
        var host = _host!;
        using var office = await HttpSession.OpenAsync(host.BaseAddress, DemoPeople.Office);
        using var visitor = await HttpSession.OpenAsync(host.BaseAddress, null);
        using var reader = await HttpSession.OpenAsync(host.BaseAddress, null);
        (await reader.Client.GetAsync("/language?culture=en")).Dispose(); // an English reader
        using var program = await ApiClient.OpenAsync(host.BaseAddress, DemoPeople.Office);
        var token = HttpSession.AntiforgeryToken(await visitor.Client.GetStringAsync("/"));
        using (var before = await office.Client.GetAsync("/dashboard"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        _relay!.Cut();
        var watch = Stopwatch.StartNew();
        using var page = await office.Client.GetAsync("/dashboard");
        using var publicPage = await visitor.Client.GetAsync("/public/exit-list");
        using var english = await reader.Client.GetAsync("/public/exit-list");
        using var signIn = await visitor.PostAsync("/", new Dictionary<string, string> { ["Input.Login"] = DemoPeople.Office, ["Input.Password"] = DemoPeople.Password, ["__RequestVerificationToken"] = token });
        using var api = await program.Client.GetAsync("/api/cases");
        var during = watch.Elapsed;

        foreach (var (what, response) in new[] { ("page", page), ("public page", publicPage), ("English page", english), ("sign-in", signIn), ("API", api) })
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
            Assert.True(response.Headers.Contains("Content-Security-Policy"), what);
        }

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1 id=\"unavailable\">系统暂时无法使用</h1>", html);
        Assert.Contains("请稍候几分钟再试", html);
        Assert.Contains("lang=\"en\">English</a>", html);
        Assert.Contains("系统暂时无法使用", await publicPage.Content.ReadAsStringAsync());
        var englishHtml = await english.Content.ReadAsStringAsync();
        Assert.Contains("The system is briefly unavailable", englishHtml);
        Assert.DoesNotContain("系统暂时无法使用", englishHtml);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync()))
        {
            Assert.Equal(ApiClient.ProblemPrefix + "unavailable", problem.RootElement.GetProperty("type").GetString());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("系统暂时无法使用", problem.RootElement.GetProperty("title").GetString());
            Assert.Equal("The system is briefly unavailable", problem.RootElement.GetProperty("titleEn").GetString());
        }

        // Answered at once rather than after a wait for the database (a bound, not a timing under test).
        Assert.True(during < TimeSpan.FromSeconds(60), $"the five answers took {during}");

        _relay.Open();
        var after = HttpStatusCode.ServiceUnavailable;
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60) && after != HttpStatusCode.OK; await Task.Delay(250))
        {
            using var again = await office.Client.GetAsync("/dashboard");
            after = again.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, after);
        using var apiAfter = await program.Client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.OK, apiAfter.StatusCode);
        Assert.False(host.HasExited);
    }
}
