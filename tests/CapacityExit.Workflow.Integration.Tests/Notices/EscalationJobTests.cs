using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Core.Obligations;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>An overdue re-inspection climbs the one ladder: the engine's reminder, then a 通报, then a 约谈, each once.</summary>
public sealed class EscalationJobTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    /// <summary>The ladder at 09:30 on a day, for case steps only (the counties' reports of the same office would take notice numbers too).</summary>
    private Task<string> RunOn(int month, int day)
    {
        _host.Time.SetUtcNow(new DateTimeOffset(2026, month, day, 9, 30, 0, TimeSpan.FromHours(8)));
        return _host.Services.GetRequiredService<ObligationLadderJob>().RunForDayAsync(new DateOnly(2026, month, day), CancellationToken.None, ObligationKind.CaseTask);
    }

    private Task<List<string>> NoticeKindsAsync(long caseId) => _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<IssuedNotice>()
        .Where(n => n.CaseId == caseId).OrderBy(n => n.Id).Select(n => n.Kind).ToListAsync());

    [Fact]
    public async Task The_calendar_job_of_the_office_is_the_one_ladder_and_climbs_a_case_step()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 7, 16, 9, 0, 0, TimeSpan.FromHours(8)));
        await _host.Dispatcher("test").DrainAsync(CancellationToken.None); // deadline → re-inspection task, last day 07-30
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 8, 13, 9, 30, 0, TimeSpan.FromHours(8)));
        var jobs = _host.Services.GetServices<ICalendarJob>().ToList();
        Assert.Single(jobs, j => j is ObligationLadderJob);
        var runner = new CalendarJobRunner(jobs, _host.Services.GetRequiredService<HolidayCalendar>(),
            _host.Services.GetRequiredService<NpgsqlDataSource>(), _host.Time, NullLogger<CalendarJobRunner>.Instance);

        await runner.RunForOutcomeAsync(ObligationLadderJob.JobId, CancellationToken.None);

        Assert.Contains("circulated-notice", await NoticeKindsAsync(caseId));
    }

    [Fact]
    public async Task A_case_step_circulated_before_its_rungs_moved_to_the_ledger_is_not_circulated_again_and_is_summoned_on_its_day()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 7, 16, 9, 0, 0, TimeSpan.FromHours(8)));
        await _host.Dispatcher("test").DrainAsync(CancellationToken.None);
        await RunOn(8, 13); // 通报
        // The database as it was before the rungs of case steps were kept with every other duty's: the notice, no step.
        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var all = db.Database.GetMigrations().ToList();
            var before = all[all.FindIndex(m => m.EndsWith("_CaseStepRungsInEscalationSteps", StringComparison.Ordinal)) - 1];
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            return 0;
        });
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.escalation_steps where subject like 'case-task:%'"));

        await _host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<CapacityExitDbContext>().GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync();
            return 0;
        });

        Assert.Equal(["circulated-notice"], (await _host.ScalarAsync<string>(
            "select string_agg(step, ',') from capacity_exit.escalation_steps where subject like 'case-task:%'")).Split(','));
        await RunOn(8, 14);
        await RunOn(8, 20);
        Assert.Equal(["circulated-notice"], await NoticeKindsAsync(caseId)); // nothing sent twice
        await RunOn(8, 27); // 20 working days overdue: 约谈
        Assert.Equal(["circulated-notice", "interview-summons"], await NoticeKindsAsync(caseId));
    }

    [Fact]
    public async Task An_unattended_re_inspection_brings_a_circulated_notice_after_ten_working_days_and_an_interview_after_twenty()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 7, 16, 9, 0, 0, TimeSpan.FromHours(8)));
        await _host.Dispatcher("test").DrainAsync(CancellationToken.None); // deadline → re-inspection task, last day 07-30

        await RunOn(8, 12);  // 9 working days overdue: nothing yet
        await RunOn(8, 13);  // 10: 通报
        await RunOn(8, 14);  // within the gap: nothing
        await RunOn(8, 27);  // 20: 约谈
        await RunOn(8, 28);  // top of the ladder: nothing more

        var notices = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<IssuedNotice>()
            .Where(n => n.CaseId == caseId).OrderBy(n => n.Id).ToListAsync());
        Assert.Equal(["circulated-notice", "interview-summons"], notices.Select(n => n.Kind).ToArray());
        Assert.Equal(["郴淘汰办〔2026〕1号", "郴淘汰办〔2026〕2号"], notices.Select(n => n.DocumentNumber).ToArray());
        Assert.Equal([new DateOnly(2026, 8, 13), new DateOnly(2026, 8, 27)], notices.Select(n => n.IssuedOn).ToArray());
        Assert.Equal("郴州市工业和信息化局", notices[1].Laggard);
        Assert.Equal("关于郴州市工业和信息化局未按期完成“整改期满复查”的通报", notices[0].Title);
        Assert.NotNull(notices[1].MeetingAt);
        Assert.Equal(2L, await _host.ScalarAsync<long>(
            "select count(*) from capacity_exit.outbox_messages where case_id = @id and kind in ('circulated-notice', 'interview-summons')", ("id", caseId)));
        var history = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().CaseHistory
            .Where(h => h.CaseId == caseId && h.Actor == ObligationLadderJob.Actor).Select(h => h.What).ToListAsync());
        Assert.Collection(history, h => Assert.StartsWith("通报 郴淘汰办〔2026〕1号", h), h => Assert.StartsWith("约谈 郴淘汰办〔2026〕2号", h));
    }

    [Fact]
    public async Task A_price_notice_issued_on_the_case_while_its_task_is_open_climbs_no_rung()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 7, 16, 9, 0, 0, TimeSpan.FromHours(8)));
        await _host.Dispatcher("test").DrainAsync(CancellationToken.None); // deadline → re-inspection task, last day 07-30
        // The power supplier is told of a price measure on 08-03, after the task opened: a formal notice, but no 通报.
        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var jurisdiction = await db.Cases.Where(c => c.Id == caseId).Select(c => c.CapacityItem!.Enterprise!.CountyId).SingleAsync();
            db.Add(new IssuedNotice
            {
                Kind = "price-measure", IssuerId = "chenzhou-2017", Year = 2026, Number = 90, DocumentNumber = "郴发改价〔2026〕90号", CaseId = caseId,
                JurisdictionId = jurisdiction, IssuedAt = new DateTimeOffset(2026, 8, 3, 2, 0, 0, TimeSpan.Zero), IssuedOn = new DateOnly(2026, 8, 3),
                IssuedBy = "system:price-measures", Laggard = "郴州示例建材", Title = "关于对郴州示例建材执行惩罚性电价的通知", MainRecipients = "示例供电公司",
                CopyTo = "", Body = "执行惩罚性电价。", Recipients = "[]", Docx = [],
            });
            await db.SaveChangesAsync();
            return 0;
        });

        await RunOn(8, 13); // 10 working days overdue: the 通报 is due, whatever the price notice

        var kinds = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<IssuedNotice>()
            .Where(n => n.CaseId == caseId).OrderBy(n => n.Id).Select(n => n.Kind).ToListAsync());
        Assert.Equal(["price-measure", "circulated-notice"], kinds.ToArray());
    }
}
