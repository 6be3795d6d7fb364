using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Workflows;

/// <summary>A second version of the energy definition: running cases keep v1 until an administrator moves them.</summary>
public sealed class VersionMigrationTests : IAsyncLifetime
{
    private readonly TempRoot _root = new();
    private readonly WorkflowTestHost _host;

    public VersionMigrationTests()
    {
        var v1 = File.ReadAllText(_root.Workflow("definitions/energy.v1.yaml"));
        File.WriteAllText(_root.Workflow("definitions/energy.v2.yaml"), v1.Replace("\nversion: 1\n", "\nversion: 2\n"));
        _host = new WorkflowTestHost(_root.Path);
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _root.Dispose();
    }

    private Task<int> Migrate(string login, IReadOnlyCollection<long> cases, Dictionary<string, string>? map = null) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().MigrateAsync(login, "energy", 2, cases, map ?? [], CancellationToken.None));

    private Task<int> VersionOf(long caseId) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().WorkflowInstances.Where(i => i.CaseId == caseId).Select(i => i.Version).SingleAsync());

    [Fact]
    public async Task New_cases_start_on_the_newest_version_and_chosen_running_cases_move_with_a_history_line()
    {
        // Opened before v2 existed for it? Both files load together; the instance records the version it started on.
        var running = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        await _host.ExecuteAsync("update capacity_exit.workflow_instances set version = 1 where case_id = @id", ("id", running));
        var untouched = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 14), "郴州市工业和信息化局");
        await _host.ExecuteAsync("update capacity_exit.workflow_instances set version = 1 where case_id = @id", ("id", untouched));
        var fresh = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 13), "郴州市工业和信息化局");

        await Migrate("admin", [running], new() { ["rectifying"] = "rectifying" });

        Assert.Equal(2, await VersionOf(fresh));
        Assert.Equal(2, await VersionOf(running));
        Assert.Equal(1, await VersionOf(untouched));
        var line = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().CaseHistory
            .Where(h => h.CaseId == running).OrderByDescending(h => h.Id).FirstAsync());
        Assert.Equal("migrated v1 → v2", line.What);
        Assert.Equal("admin", line.Actor);
        Assert.Equal(2, line.DefinitionVersion);
    }

    [Fact]
    public async Task Only_an_administrator_moves_cases_and_a_mapping_to_a_missing_state_moves_none()
    {
        var a = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        await _host.ExecuteAsync("update capacity_exit.workflow_instances set version = 1 where case_id = @id", ("id", a));

        var officer = await Assert.ThrowsAsync<WorkflowRuleException>(() => Migrate("chenzhou-industryit", [a]));
        var badMap = await Assert.ThrowsAsync<WorkflowRuleException>(() => Migrate("admin", [a], new() { ["rectifying"] = "no-such-state" }));
        var unknownCase = await Assert.ThrowsAsync<DomainValidationException>(() => Migrate("admin", [a, 999_999]));

        Assert.Equal("role-not-allowed", officer.Code);
        Assert.Equal("migration-unknown-state", badMap.Code);
        Assert.Equal("cases", Assert.Single(unknownCase.Errors).Field);
        Assert.Equal(1, await VersionOf(a));
    }
}
