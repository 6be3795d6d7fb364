using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Workflows;

/// <summary>
/// A Chenzhou energy case run for nine months of virtual time on the real database, through the case service
/// and the dispatcher: rectification deadline, an extension the supervisor approves, the bureau's re-inspection once
/// the extended deadline has passed, closure, acceptance, exit.
/// </summary>
public sealed class EnergyCaseLifecycleTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static DateTimeOffset Shanghai(int y, int m, int d, int hour = 10) => new(y, m, d, hour, 0, 0, TimeSpan.FromHours(8));

    private Task<WorkflowInstanceState> Issue(long caseId, string login, string command, Dictionary<string, string>? data = null) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(caseId, login, command, data ?? [], CancellationToken.None));

    private Task<int> Dispatch() => _host.Dispatcher("test-host").DrainAsync(CancellationToken.None);

    private Task<T> Db<T>(Func<CapacityExitDbContext, Task<T>> query) => _host.InScopeAsync(sp => query(sp.GetRequiredService<CapacityExitDbContext>()));

    private Task<DateTimeOffset?> NextDeadline(long caseId) => Db(db => db.WorkflowInstances.Where(i => i.CaseId == caseId).Select(i => i.NextDeadlineAt).SingleAsync());

    [Fact]
    public async Task Nine_months_of_an_energy_case_with_an_approved_extension_end_in_exit()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var deadline = await Db(db => db.WorkflowTimers.SingleAsync(t => t.CaseId == caseId && t.Key == "rectifying/rectification-deadline"));
        Assert.Equal(Shanghai(2026, 7, 16, 0), deadline.DueAt); // 6 months from 2026-01-15: last day 07-15, ends at 24:00
        Assert.Equal(4, await Db(db => db.WorkflowTimers.CountAsync(t => t.CaseId == caseId && t.Kind == "reminder" && t.Status == TimerStatus.Pending)));
        // The case list's next deadline is the period's end, not its earlier reminders.
        Assert.Equal(Shanghai(2026, 7, 16, 0), await NextDeadline(caseId));

        _host.Time.SetUtcNow(Shanghai(2026, 7, 1));
        await Dispatch(); // the 30- and 7-working-day reminders
        await Issue(caseId, "chenzhou-industryit", "request-extension", TestWorkflows.ExtensionRequest());
        Assert.Equal(Shanghai(2026, 7, 16, 0), await NextDeadline(caseId)); // asking is not being granted

        var tasks = await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().OpenTasksAsync("chenzhou-supervisor", caseId, CancellationToken.None));
        Assert.Equal("extension-review/extension-review", Assert.Single(tasks).Key);
        var tooLong = await Assert.ThrowsAsync<WorkflowRuleException>(() =>
            Issue(caseId, "chenzhou-supervisor", "approve-extension", new() { ["newLastDay"] = "2026-10-16" }));
        Assert.Equal("extension-too-long", tooLong.Code);
        await Issue(caseId, "chenzhou-supervisor", "approve-extension", new() { ["newLastDay"] = "2026-10-15" });

        Assert.Equal(Shanghai(2026, 10, 16, 0), (await Db(db => db.WorkflowTimers.SingleAsync(t => t.CaseId == caseId && t.Key == "extended/extension-deadline"))).DueAt);
        Assert.Equal(TimerStatus.Cancelled, (await Db(db => db.WorkflowTimers.SingleAsync(t => t.Id == deadline.Id))).Status);
        Assert.Equal(Shanghai(2026, 10, 16, 0), await NextDeadline(caseId));

        _host.Time.SetUtcNow(Shanghai(2026, 10, 16, 9));
        await Dispatch();
        // The deadline passing does not show the capacity still fails: the bureau re-inspects (000 §三.5).
        Assert.Equal("reinspection", (await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId))).State);
        var reinspection = await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().OpenTasksAsync("chenzhou-industryit", caseId, CancellationToken.None));
        Assert.Equal("reinspection/reinspection", Assert.Single(reinspection).Key);
        await Issue(caseId, "chenzhou-industryit", "complete-task", new() { ["task"] = "reinspection/reinspection", ["outcome"] = "failed" });
        Assert.Equal("overdue", (await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId))).State);

        await Issue(caseId, "chenzhou-supervisor", "complete-task", new() { ["task"] = "overdue/closure-approval", ["outcome"] = "approved" });
        await Issue(caseId, "chenzhou-industryit", "complete-task", new() { ["task"] = "closing/closure-measures", ["outcome"] = "done", ["measures"] = "断电、断水，拆除动力装置，封存窑体" });
        var acceptance = new Dictionary<string, string>
        {
            ["task"] = "acceptance/on-site-acceptance", ["outcome"] = "accepted", ["photosBefore"] = "p1.jpg", ["photosDuring"] = "p2.jpg",
            ["photosAfter"] = "p3.jpg", ["acceptanceOpinion"] = "经现场检查，主体设备已拆除，同意验收",
        };
        // 职工安置是重中之重 (000 §三.6): without the enterprise's resettlement plan the exit is not accepted, and nothing changes.
        var historyBefore = await Db(db => db.CaseHistory.CountAsync(h => h.CaseId == caseId));
        var noPlan = await Assert.ThrowsAsync<WorkflowRuleException>(() => Issue(caseId, "chenzhou-office", "complete-task", acceptance));
        Assert.Equal("resettlement-plan-missing", noPlan.Code);
        Assert.Contains("尚未登记职工安置方案，不能验收退出", noPlan.MessageZh);
        Assert.Equal("acceptance", (await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId))).State);
        Assert.Equal(historyBefore, await Db(db => db.CaseHistory.CountAsync(h => h.CaseId == caseId)));
        Assert.Equal(1, await Db(db => db.WorkflowTasks.CountAsync(t => t.CaseId == caseId && t.Status == WorkTaskStatus.Open)));

        var creditCode = await Db(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.CapacityItem!.Enterprise!.CreditCode).SingleAsync());
        await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExit.Workflow.Core.Measures.ExitSupportService>().RecordPlanAsync("chenzhou-office",
            new(creditCode, new CapacityExit.Workflow.Domain.Measures.ResettlementCounts(120, 60, 30, 20, 10), "郴人社〔2026〕5号"), CancellationToken.None));
        await Issue(caseId, "chenzhou-office", "complete-task", acceptance);

        var instance = await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId));
        Assert.Equal("exited", instance.State);
        Assert.NotNull(instance.FinishedAt);
        Assert.Null(instance.NextDeadlineAt);
        Assert.Equal(CaseStatus.Exited, (await Db(db => db.Cases.SingleAsync(c => c.Id == caseId))).Status);
        Assert.Equal(0, await Db(db => db.WorkflowTimers.CountAsync(t => t.CaseId == caseId && t.Status == TimerStatus.Pending)));
        Assert.Equal(0, await Db(db => db.WorkflowTasks.CountAsync(t => t.CaseId == caseId && t.Status == WorkTaskStatus.Open)));
        var history = await Db(db => db.CaseHistory.Where(h => h.CaseId == caseId).OrderBy(h => h.Id).ToListAsync());
        Assert.Equal(["rectifying", "extension-review", "extended", "reinspection", "overdue", "closing", "acceptance", "exited"],
            history.Select(h => h.ToState).Distinct().ToArray());
        Assert.Contains(history, h => h.Actor == "chenzhou-supervisor" && h.ToState == "extended");
        Assert.Contains(history, h => h.TimerKey == "extended/extension-deadline" && h.ToState == "reinspection");
        Assert.Contains(history, h => h.Actor == "chenzhou-industryit" && h.FromState == "reinspection" && h.ToState == "overdue");
    }

    [Fact]
    public async Task Who_may_act_is_decided_in_the_service_and_a_refusal_changes_nothing()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var before = await Db(db => db.CaseHistory.CountAsync(h => h.CaseId == caseId));

        var auditor = await Assert.ThrowsAsync<WorkflowRuleException>(() => Issue(caseId, "chenzhou-auditor", "request-extension", TestWorkflows.ExtensionRequest()));
        var otherBureau = await Assert.ThrowsAsync<WorkflowRuleException>(() => Issue(caseId, "chenzhou-environment", "request-extension", TestWorkflows.ExtensionRequest()));
        var otherCity = await Assert.ThrowsAsync<WorkflowRuleException>(() => Issue(caseId, "changchun-industryit", "request-extension", TestWorkflows.ExtensionRequest()));
        await Issue(caseId, "chenzhou-industryit", "request-extension", TestWorkflows.ExtensionRequest());
        var ownBureauApproves = await Assert.ThrowsAsync<WorkflowRuleException>(() =>
            Issue(caseId, "chenzhou-industryit", "approve-extension", new() { ["newLastDay"] = "2026-09-01" }));
        var unknown = await Assert.ThrowsAsync<DomainValidationException>(() => Issue(caseId, "nobody", "withdraw"));

        Assert.Contains("审计人员只能查看", auditor.MessageZh);
        Assert.Contains("只能办理本部门负责的案件", otherBureau.MessageZh);
        Assert.Equal("role-not-allowed", otherCity.Code);
        Assert.Equal("role-not-allowed", ownBureauApproves.Code);
        Assert.Equal("login", Assert.Single(unknown.Errors).Field);
        Assert.Equal(before + 1, await Db(db => db.CaseHistory.CountAsync(h => h.CaseId == caseId)));
        Assert.Equal("extension-review", (await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId))).State);
    }

    [Fact]
    public async Task Rectification_cancels_the_steps_timers_so_no_reminder_or_deadline_follows()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");

        await Issue(caseId, "chenzhou-industryit", "reinspection-passed");
        _host.Time.SetUtcNow(Shanghai(2026, 12, 1));
        await Dispatch();

        Assert.Equal(CaseStatus.Compliant, (await Db(db => db.Cases.SingleAsync(c => c.Id == caseId))).Status);
        var timers = await Db(db => db.WorkflowTimers.Where(t => t.CaseId == caseId).ToListAsync());
        Assert.NotEmpty(timers);
        Assert.All(timers, t => Assert.Equal(TimerStatus.Cancelled, t.Status));
        Assert.Equal(0, await Db(db => db.Outbox.CountAsync(o => o.CaseId == caseId && o.Kind == "reminder")));
    }

    [Fact]
    public async Task After_downtime_overdue_timers_fire_in_due_order_and_the_history_says_how_late()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");

        _host.Time.SetUtcNow(Shanghai(2026, 8, 3)); // the host was down from January to August
        await Dispatch();

        var fired = await Db(db => db.WorkflowTimers.Where(t => t.CaseId == caseId && t.Status == TimerStatus.Fired).OrderBy(t => t.DueAt).ToListAsync());
        Assert.Equal(5, fired.Count); // four reminders, then the deadline
        var history = await Db(db => db.CaseHistory.Where(h => h.CaseId == caseId && h.TimerKey != null).OrderBy(h => h.Id).ToListAsync());
        Assert.Equal(fired.Select(t => t.Key), history.Select(h => h.TimerKey));
        Assert.All(history, h => Assert.Contains("到期后迟", h.Why));
        Assert.All(history, h => Assert.True(h.LateBy > TimeSpan.FromDays(18), $"{h.TimerKey} late by {h.LateBy}"));
        Assert.Equal("reinspection", (await Db(db => db.WorkflowInstances.SingleAsync(i => i.CaseId == caseId))).State);
    }

    [Fact]
    public async Task An_environmental_order_without_its_period_is_refused_and_leaves_nothing_behind()
    {
        var before = await Db(db => db.Cases.CountAsync());

        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            _host.OpenCaseAsync("长春示例造纸", "environment", new DateOnly(2026, 1, 10), "长春市生态环境局"));

        Assert.Equal("variables", Assert.Single(error.Errors).Field);
        Assert.Contains("orderPeriod", error.Message);
        Assert.Equal(before, await Db(db => db.Cases.CountAsync()));
        Assert.Equal(0, await Db(db => db.WorkflowInstances.CountAsync()));
    }

    [Fact]
    public async Task A_timer_whose_case_is_broken_is_set_aside_with_the_reason_and_does_not_hold_back_the_others()
    {
        var healthy = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var broken = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 14), "郴州市工业和信息化局");
        await _host.ExecuteAsync("update capacity_exit.workflow_instances set state = 'no-such-state' where case_id = @id", ("id", broken));

        _host.Time.SetUtcNow(Shanghai(2026, 8, 3));
        await Dispatch();
        var again = await Dispatch();

        Assert.Equal(0, again);
        Assert.Equal(0, await Db(db => db.WorkflowTimers.CountAsync(t => t.CaseId == healthy && t.Status == TimerStatus.Pending && t.DueAt < Shanghai(2026, 8, 3))));
        Assert.Contains(await Db(db => db.WorkflowTimers.Where(t => t.CaseId == broken).Select(t => t.Status).Distinct().ToListAsync()), s => s == TimerStatus.Failed);
        var why = await Db(db => db.CaseHistory.Where(h => h.CaseId == broken && h.What.StartsWith("定时器无法触发")).Select(h => h.Why).FirstAsync());
        Assert.Contains("no-such-state", why);
    }
}
