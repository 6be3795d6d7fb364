using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Workflows;

/// <summary>
/// Every kind of person against every command of a Chenzhou energy case, decided in the case service itself:
/// the responsible bureau's officer acts for the bureau (and records the enterprise's filings), the city's
/// approving government decides extensions, the leading-group office may withdraw, nobody outside the city or
/// the bureau acts, and auditors and administrators change nothing. A refusal writes nothing.
/// </summary>
public sealed class AuthorisationMatrixTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static readonly string[] People =
    [
        "chenzhou-industryit",      // the responsible bureau's officer
        "chenzhou-environment",     // another bureau of the same city
        "changchun-industryit",     // the same kind of bureau in another city
        "chenzhou-county",          // a county officer where the enterprise is not
        "chenzhou-supervisor",      // the city's approving government
        "changchun-supervisor",     // another city's
        "chenzhou-office",          // the leading-group office
        "chenzhou-auditor",
        "admin",
    ];

    // (command, who may issue it) for the Chenzhou profile: case-officer = bureau-officer, extension-approver = supervisor.
    private static readonly (string Command, string[] Allowed, bool NeedsRequest, Dictionary<string, string> Data, string Target)[] Commands =
    [
        ("request-extension", ["chenzhou-industryit"], false, TestWorkflows.ExtensionRequest(), "extension-review"),
        ("reinspection-passed", ["chenzhou-industryit"], false, [], "compliant"),
        ("withdraw", ["chenzhou-industryit", "chenzhou-office"], false, new() { ["reason"] = "立案有误" }, "withdrawn"),
        ("approve-extension", ["chenzhou-supervisor"], true, new() { ["newLastDay"] = "2026-09-15" }, "extended"),
        ("reject-extension", ["chenzhou-supervisor"], true, new() { ["reason"] = "理由不充分" }, "rectifying"),
    ];

    public static IEnumerable<object[]> Matrix() =>
        from c in Commands from p in People select new object[] { c.Command, p, c.Allowed.Contains(p) };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_person_may_issue_exactly_the_commands_their_role_and_scope_allow(string command, string login, bool allowed)
    {
        var spec = Commands.Single(c => c.Command == command);
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var service = (Func<long, string, string, Dictionary<string, string>, Task<WorkflowInstanceState>>)((id, who, what, data) =>
            _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(id, who, what, data, CancellationToken.None)));
        if (spec.NeedsRequest)
        {
            await service(caseId, "chenzhou-industryit", "request-extension", TestWorkflows.ExtensionRequest());
        }

        var before = await StateAndHistoryAsync(caseId);
        if (allowed)
        {
            var after = await service(caseId, login, command, spec.Data);
            Assert.Equal(spec.Target, after.State);
            Assert.Equal((spec.Target, before.History + 1), await StateAndHistoryAsync(caseId));
        }
        else
        {
            var refusal = await Assert.ThrowsAsync<WorkflowRuleException>(() => service(caseId, login, command, spec.Data));
            Assert.Equal("role-not-allowed", refusal.Code);
            Assert.Equal(before, await StateAndHistoryAsync(caseId));
        }
    }

    private Task<(string State, int History)> StateAndHistoryAsync(long caseId) => _host.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<CapacityExitDbContext>();
        var state = await db.WorkflowInstances.Where(i => i.CaseId == caseId).Select(i => i.State).SingleAsync();
        return (state, await db.CaseHistory.CountAsync(h => h.CaseId == caseId));
    });
}
