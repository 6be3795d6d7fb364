using System.Text.Json;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Programmes;

/// <summary>
/// 001 §四.(七) (002 严格执法监管; 003 §二.(三).1): 对因工艺装备落后、环保和能耗不达标被依法关停的企业，报请省工业产品生产许可证
/// 主管部门注销生产许可证（各级质监部门负责）. On the virtual clock, on a real PostgreSQL: a closure of the energy,
/// environment or technology definitions (v2) opens the market-regulation bureau's report, with its record on the case;
/// cases closed under v1 get it at start-up with a history line saying why, and running v1 cases move to v2.
/// </summary>
public sealed class PermitCancellationDutyTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new(start: new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8)));

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<WorkflowInstanceState> Issue(long caseId, string login, string command, Dictionary<string, string>? data = null) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(caseId, login, command, data ?? [], CancellationToken.None));

    private Task<ProgrammeTask?> DutyOf(long caseId) => _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().ProgrammeTasks.AsNoTracking()
        .SingleOrDefaultAsync(t => t.CaseId == caseId && t.Kind == ProgrammeTaskKinds.PermitCancellation));

    private Task<List<CaseHistoryEntry>> HistoryOf(long caseId) => _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().CaseHistory.AsNoTracking()
        .Where(h => h.CaseId == caseId).OrderBy(h => h.Id).ToListAsync());

    private Task<ProgrammeTask> Complete(long taskId, string login, string outcome, string? reportedOn, string? reference) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<ProgrammeService>().CompleteTaskAsync(login,
            new TaskOutcome(taskId, outcome, "已报送省市场监督管理局", ReportedOn: reportedOn, AuthorityReference: reference), CancellationToken.None));

    [Fact]
    public async Task Demolishing_a_technology_line_opens_the_market_regulation_bureaus_report_and_its_record_shows_on_the_case_001_4_7()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例", "technology", new DateOnly(2026, 3, 2), "郴州市工业和信息化局",
            new Dictionary<string, string> { ["demolitionDate"] = "2026-06-30" });
        Assert.Null(await DutyOf(caseId));

        // The bureau finds the 淘汰类 line can be demolished at once: the closure (001 §三.(三).5) opens the duty.
        await Issue(caseId, "chenzhou-industryit", "complete-task", new() { ["task"] = "assessing/demolition-assessment", ["outcome"] = "demolishable" });

        var duty = await DutyOf(caseId);
        Assert.NotNull(duty);
        var market = await _host.ScalarAsync<int>("select id from capacity_exit.bureaus where name_zh = '郴州市市场监督管理局'");
        // Monday 2 March 2026 + 20 working days (the profile's permit-cancellation, P20WD) = Monday 30 March.
        Assert.Equal((market, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 30), ProgrammeTaskStatus.Open, "001 §四.(七)"),
            (duty.BureauId, duty.OpenedOn, duty.DueOn, duty.Status, duty.Source));
        Assert.Contains("报请省工业产品生产许可证主管部门注销生产许可证", duty.Detail);
        var mail = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Outbox.AsNoTracking()
            .SingleAsync(m => m.MessageId == $"<programme-task-{duty.Id}-bureau-officer@capacity-exit.workflow>"));
        Assert.Equal(market.ToString(), JsonSerializer.Deserialize<Dictionary<string, string>>(mail.Data)!["bureau_id"]);
        Assert.Contains(await HistoryOf(caseId), h => h.Actor == PermitCancellationDuties.Actor && h.What.StartsWith("已开立：报请注销生产许可证（郴州市市场监督管理局）", StringComparison.Ordinal));

        // The industry bureau does not file it; the market-regulation bureau does, with the record the clause needs.
        var other = await Assert.ThrowsAsync<WorkflowRuleException>(() => Complete(duty.Id, "chenzhou-industryit", "reported", "2026-03-02", "湘市监函〔2026〕3号"));
        Assert.Equal("role-not-allowed", other.Code);
        var missing = await Assert.ThrowsAsync<DomainValidationException>(() => Complete(duty.Id, "chenzhou-marketregulation", "reported", null, " "));
        Assert.Equal(["authorityReference", "reportedOn"], missing.Errors.Select(e => e.Field).Order().ToArray());
        var future = await Assert.ThrowsAsync<DomainValidationException>(() => Complete(duty.Id, "chenzhou-marketregulation", "reported", "2026-03-03", "湘市监函〔2026〕3号"));
        Assert.Equal("reportedOn", Assert.Single(future.Errors).Field);
        Assert.Equal(ProgrammeTaskStatus.Open, (await DutyOf(caseId))!.Status);

        await Complete(duty.Id, "chenzhou-marketregulation", "reported", "2026-03-02", "湘市监函〔2026〕3号");

        var file = await _host.InScopeAsync(sp => sp.GetRequiredService<CaseFileService>().GetAsync("chenzhou-office", caseId, CancellationToken.None));
        var shown = file!.PermitDuty!;
        Assert.True(shown.Done);
        Assert.Equal(("reported", "演示用户·郴州市市场监督管理局经办人", new DateOnly(2026, 3, 2), "湘市监函〔2026〕3号", "郴州市市场监督管理局"),
            (shown.Outcome, shown.ReportedBy, shown.ReportedOn, shown.AuthorityReference, shown.Bureau));
        Assert.Contains(file.Timeline, l => l.What.Contains("已报请注销生产许可证（2026-03-02，湘市监函〔2026〕3号）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cases_closed_under_v1_get_the_report_at_start_up_with_a_history_line_and_running_v1_cases_move_to_v2()
    {
        // Three energy cases as v1 left them: one exited after its closure, one in the closure now, one still rectifying;
        // a fourth closed and then withdrawn (opened by mistake), and a safety case closed (licence revocation: its own rule).
        var exited = await _host.OpenCaseAsync("郴州示例", "energy", new DateOnly(2025, 1, 15), "郴州市工业和信息化局");
        var closing = await _host.OpenCaseAsync("郴州示例", "energy", new DateOnly(2025, 2, 14), "郴州市工业和信息化局");
        var rectifying = await _host.OpenCaseAsync("郴州示例", "energy", new DateOnly(2026, 2, 13), "郴州市工业和信息化局");
        var withdrawn = await _host.OpenCaseAsync("郴州示例", "energy", new DateOnly(2025, 3, 14), "郴州市工业和信息化局");
        var safety = await _host.OpenCaseAsync("郴州示例", "safety", new DateOnly(2025, 1, 15), "郴州市应急管理局");
        foreach (var id in new[] { exited, closing, rectifying, withdrawn, safety })
        {
            await _host.ExecuteAsync("update capacity_exit.workflow_instances set version = 1 where case_id = @id", ("id", id));
        }

        foreach (var (id, state) in new[] { (exited, "closing"), (closing, "closing"), (withdrawn, "closing"), (safety, "closing") })
        {
            await _host.ExecuteAsync("""
                insert into capacity_exit.case_history (case_id, at, actor, what, from_state, to_state, definition_version)
                values (@id, now() - interval '100 days', 'chenzhou-supervisor', 'complete-task overdue/closure-approval: approved', 'overdue', @state, 1);
                update capacity_exit.workflow_instances set state = @state where case_id = @id;
                update capacity_exit.workflow_timers set status = 'Cancelled' where case_id = @id;
                """, ("id", id), ("state", state));
        }

        await _host.ExecuteAsync("""
            update capacity_exit.workflow_instances set state = 'exited', finished_at = now() - interval '30 days' where case_id = @id;
            update capacity_exit.cases set status = 'Exited' where id = @id;
            """, ("id", exited));
        await _host.ExecuteAsync("""
            update capacity_exit.workflow_instances set state = 'withdrawn', finished_at = now() - interval '30 days' where case_id = @id;
            update capacity_exit.cases set status = 'Withdrawn' where id = @id;
            """, ("id", withdrawn));

        const string deadlineSql = "select due_at from capacity_exit.workflow_timers where case_id = @id and key = 'rectifying/rectification-deadline' and status = 'Pending'";
        var deadlineBefore = await _host.ScalarAsync<DateTime>(deadlineSql, ("id", rectifying));

        // Start-up (CoreServices.PrepareDatabaseAsync does the same two steps).
        var moved = await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().MigrateCompatibleAsync(CancellationToken.None));
        var opened = await _host.Services.GetRequiredService<PermitCancellationDuties>().CatchUpAsync(CancellationToken.None);
        var again = await _host.Services.GetRequiredService<PermitCancellationDuties>().CatchUpAsync(CancellationToken.None);

        Assert.True(moved >= 2, $"{moved} case(s) moved");
        var versions = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().WorkflowInstances.AsNoTracking()
            .Where(i => new[] { exited, closing, rectifying, safety }.Contains(i.CaseId)).ToDictionaryAsync(i => i.CaseId, i => (i.Version, i.State)));
        Assert.Equal((2, "closing"), versions[closing]);
        Assert.Equal((2, "rectifying"), versions[rectifying]);
        Assert.Equal((1, "exited"), versions[exited]);   // a finished case keeps the version it ran on
        Assert.Equal((1, "closing"), versions[safety]);  // safety has no new version
        Assert.Contains(await HistoryOf(rectifying), h => h.What == "migrated v1 → v2" && h.Actor == WorkflowEngine.SystemActor);
        // The rectifying case's deadline is the one it had: the move keeps timers with their due times.
        // 2026-02-13 + 6 months: Thursday 13 August, due at its 24:00 in Shanghai.
        Assert.Equal(new DateTime(2026, 8, 13, 16, 0, 0, DateTimeKind.Utc), deadlineBefore);
        Assert.Equal(deadlineBefore, await _host.ScalarAsync<DateTime>(deadlineSql, ("id", rectifying)));

        Assert.Equal(2, opened);
        Assert.Equal(0, again);
        foreach (var id in new[] { exited, closing })
        {
            Assert.NotNull(await DutyOf(id));
            var line = Assert.Single(await HistoryOf(id), h => h.Actor == PermitCancellationDuties.Actor);
            Assert.Contains("该案件在注销生产许可证的规定写入流程前已依法关停，依据该规定补开", line.Why);
        }

        Assert.Null(await DutyOf(rectifying));
        Assert.Null(await DutyOf(withdrawn));
        Assert.Null(await DutyOf(safety));
    }
}
