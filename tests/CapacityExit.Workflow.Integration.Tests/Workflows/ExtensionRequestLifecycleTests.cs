using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Workflows;

/// <summary>
/// An extension request on the real database (000 §三.5: 经申请可延长): an incomplete one writes nothing; a complete one
/// leaves the original deadline's timers pending, and a last day passing undecided leads to the re-inspection.
/// </summary>
public sealed class ExtensionRequestLifecycleTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static DateTimeOffset Shanghai(int y, int m, int d, int hour = 10) => new(y, m, d, hour, 0, 0, TimeSpan.FromHours(8));

    private Task<WorkflowInstanceState> Issue(long caseId, string login, string command, Dictionary<string, string> data) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(caseId, login, command, data, CancellationToken.None));

    private Task<T> Db<T>(Func<CapacityExitDbContext, Task<T>> query) => _host.InScopeAsync(sp => query(sp.GetRequiredService<CapacityExitDbContext>()));

    [Fact]
    public async Task An_undecided_request_leaves_the_deadline_running_and_the_case_goes_to_reinspection()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(Shanghai(2026, 7, 1));
        await _host.Dispatcher("test-host").DrainAsync(CancellationToken.None);
        var pendingBefore = await Db(db => db.WorkflowTimers.Where(t => t.CaseId == caseId && t.Status == TimerStatus.Pending).Select(t => t.Key).OrderBy(k => k).ToListAsync());

        var refused = await Assert.ThrowsAsync<WorkflowRuleException>(() => Issue(caseId, "chenzhou-industryit", "request-extension", new() { ["reason"] = "设备到货延迟" }));
        Assert.Equal(["documentRef", "requestedLastDay"], refused.Problems.Select(p => p.Field).ToArray());
        Assert.Equal("rectifying", (await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId))).State);

        await Issue(caseId, "chenzhou-industryit", "request-extension", TestWorkflows.ExtensionRequest());
        var pendingAfter = await Db(db => db.WorkflowTimers.Where(t => t.CaseId == caseId && t.Status == TimerStatus.Pending && t.OwnerState == "rectifying")
            .Select(t => t.Key).OrderBy(k => k).ToListAsync());
        Assert.Equal(pendingBefore.Where(k => k.StartsWith("rectifying/", StringComparison.Ordinal)).ToList(), pendingAfter);
        Assert.Contains("rectifying/rectification-deadline", pendingAfter);
        var review = await Db(db => db.WorkflowTasks.SingleAsync(t => t.CaseId == caseId && t.Status == WorkTaskStatus.Open));
        Assert.Equal(Shanghai(2026, 7, 15, 0), review.DueAt); // the working day before the last day 07-15 ends at 24:00

        _host.Time.SetUtcNow(Shanghai(2026, 7, 16, 9));
        await _host.Dispatcher("test-host").DrainAsync(CancellationToken.None);
        Assert.Equal("reinspection", (await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId))).State);
        var line = await Db(db => db.CaseHistory.SingleAsync(h => h.CaseId == caseId && h.TimerKey == "rectifying/rectification-deadline"));
        Assert.Equal(("extension-review", "reinspection"), (line.FromState, line.ToState));
        Assert.Contains("延期申请待审批", line.Why);
        Assert.NotEqual(WorkTaskStatus.Open, (await Db(db => db.WorkflowTasks.SingleAsync(t => t.Id == review.Id))).Status);
    }
}
