using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>One real host with the demo data on a fresh database, shared by a test class.</summary>
public sealed class WebHostFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public HostProcess Host { get; private set; } = null!;

    public string Uploads { get; } = Path.Combine(Path.GetTempPath(), "capexit-uploads-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = Database.ConnectionString,
            ["CapacityExit__LoadDemoData"] = "true",
            ["CapacityExit__Uploads__Root"] = Uploads,
        });
        await Host.WaitUntilListeningAsync(TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(Uploads))
        {
            Directory.Delete(Uploads, recursive: true);
        }
    }
}
