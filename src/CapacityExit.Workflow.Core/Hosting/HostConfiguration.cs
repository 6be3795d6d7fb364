using Microsoft.Extensions.Configuration;

namespace CapacityExit.Workflow.Core.Hosting;

public static class HostConfiguration
{
    /// <summary>The configuration a host sees, for tools that have no host: appsettings.json under the root, then the environment.</summary>
    public static IConfiguration Load(string root) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
}
