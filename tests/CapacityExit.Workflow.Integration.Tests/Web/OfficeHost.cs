using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>
/// One real web host with the demo data on its own database and its own copy of the installation root (the
/// calendar page writes workflows/calendar), shared by the tests of a class. Mail is not sent: what the pages show
/// of the outbox stays as the test left it.
/// </summary>
public sealed class OfficeHost : IAsyncLifetime
{
    public const string DemoPassword = "capexit-demo-2026";

    public TestDatabase Database { get; } = new();

    public TempRoot Root { get; } = new();

    public HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = Database.ConnectionString,
            ["CapacityExit__LoadDemoData"] = "true",
            ["CapacityExit__Mail__Enabled"] = "false",
            ["CAPACITYEXIT_ROOT"] = Root.Path,
        });
        await Host.WaitUntilListeningAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>A browser-like client of its own (cookies kept, redirects not followed), signed in as <paramref name="login"/>.</summary>
    public async Task<OfficeClient> SignInAsync(string login, string password = DemoPassword, bool english = false)
    {
        var client = Anonymous(english);
        var response = await client.SignInAsync(login, password);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"{login} could not sign in: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public OfficeClient Anonymous(bool english = false) => new(Host.BaseAddress, english);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
        Root.Dispose();
    }
}

/// <summary>
/// The office page classes run one after another: each starts a host with the demo data, and several starting at
/// once on a small machine only make each one slower.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OfficePagesCollection
{
    public const string Name = "office-pages";
}
