using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>One host and database per test class (tests isolate themselves by county), with the suppliers' mailboxes.</summary>
public sealed class MeasureHost : IAsyncLifetime
{
    public WorkflowTestHost Host { get; } = new(configuration: new Dictionary<string, string?>
    {
        ["CapacityExit:Mail:Directory:power-supplier"] = "示例供电公司 <power.example@example.org>",
        ["CapacityExit:Mail:Directory:water-supplier"] = "示例供水公司 <water.example@example.org>",
    });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}
