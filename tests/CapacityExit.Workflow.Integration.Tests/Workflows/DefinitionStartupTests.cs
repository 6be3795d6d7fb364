using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Workflows;

public sealed class DefinitionStartupTests
{
    [Fact]
    public async Task A_host_refuses_to_start_on_an_invalid_definition_naming_file_line_and_reason()
    {
        using var root = new TempRoot();
        var path = root.Workflow("definitions/energy.v1.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("then: reinspection", "then: nowhere"));
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["CAPACITYEXIT_ROOT"] = root.Path,
        });

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("CapacityExit.Workflow cannot start", host.Output);
        Assert.Matches(@"energy\.v1\.yaml:\d+:\d+: .*nowhere", host.Output);
    }
}
