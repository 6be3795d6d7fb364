using System.Diagnostics;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;

namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebApp>
{
    public const string Name = "web back office";
}

/// <summary>
/// The real web host (a process, as in production) on a fresh database with the demo data, and one headless chromium.
/// Shared by the test classes of the collection; each test opens its own browser context (<see cref="OpenAsync"/>),
/// so no cookie or storage leaks from one test to the next. Tests that change data use their own accounts and cases.
/// </summary>
public sealed class WebApp : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private HostProcess? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The setting naming the proxy whose forwarded headers the host believes (CapacityExit:ForwardedHeaders:KnownProxies).</summary>
    public const string ProxyKey = "CapacityExit__ForwardedHeaders__KnownProxies";

    public Uri BaseAddress => Host.BaseAddress;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Where the host writes the routes it maps (the setting CapacityExit:Web:RouteListFile).</summary>
    public string RouteListFile { get; } = Path.Combine(Path.GetTempPath(), $"capexit-routes-{Guid.NewGuid():N}.txt");

    public HostProcess Host => _host ?? throw new InvalidOperationException("the host has not started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not started");

    public async Task InitializeAsync()
    {
        var chromium = Chromium.ExecutablePath;
        // The machine is shared: a page may take some seconds to come on a busy one. Waits are for conditions, never fixed.
        Assertions.SetDefaultExpectTimeout(20_000);
        await _database.InitializeAsync();
        _host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            ["CapacityExit__LoadDemoData"] = "true",
            ["CapacityExit__Web__RouteListFile"] = RouteListFile,
            // The tests stand where the TLS proxy would: their X-Forwarded-For and -Proto are believed (one address per person).
            [ProxyKey] = "127.0.0.1",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"],
        });
        await _host.WaitUntilListeningAsync(TimeSpan.FromSeconds(180));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _database.DisposeAsync();
        File.Delete(RouteListFile);
        File.Delete(RouteListFile + ".requests");
    }

    /// <summary>A fresh browser context (no cookies), Chinese and Beijing time as in the offices.</summary>
    public Task<BrowserSession> OpenAsync() => BrowserSession.OpenAsync(Browser, BaseAddress);

    /// <summary>A plain HTTP client, anonymous or signed in as <paramref name="login"/>.</summary>
    public Task<HttpSession> HttpAsync(string? login = null) => HttpSession.OpenAsync(BaseAddress, login);

    /// <summary>The routes the started host wrote (it writes them once it listens).</summary>
    public async Task<IReadOnlyList<string>> MappedRoutesAsync()
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(RouteListFile))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"the host wrote no route list to {RouteListFile}:\n{Host.Output}");
            }

            await Task.Delay(100);
        }

        return await File.ReadAllLinesAsync(RouteListFile);
    }

    /// <summary>
    /// The requests the started host accepts, one a line as <c>METHOD TAB route TAB handler</c> (written beside the
    /// route list, src/CapacityExit.Workflow.Web/Endpoints/RouteList.cs).
    /// </summary>
    public async Task<IReadOnlyList<string>> AcceptedRequestsAsync()
    {
        await MappedRoutesAsync(); // written after the requests: once the route list is there, so are they
        return await File.ReadAllLinesAsync(RouteListFile + ".requests");
    }

    /// <summary>The id of the demo case of an enterprise (each demo enterprise has one).</summary>
    public Task<long> CaseIdAsync(string enterprise) => ScalarAsync<long>(
        """
        select c.id from capacity_exit.cases c
        join capacity_exit.capacity_items i on i.id = c.capacity_item_id
        join capacity_exit.enterprises e on e.id = i.enterprise_id
        where e.name = @name
        """, ("name", enterprise));

    /// <summary>How many lines a case's history has, and documents: "nothing written" is both unchanged.</summary>
    public async Task<(long History, long Documents)> CaseWritesAsync(long caseId) =>
        (await ScalarAsync<long>("select count(*) from capacity_exit.case_history where case_id = @id", ("id", caseId)),
            await ScalarAsync<long>("select count(*) from capacity_exit.case_documents where case_id = @id", ("id", caseId)));

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
