using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>An overdue re-inspection climbs the ladder: the engine's reminder, then a 通报, then a 约谈, each once.</summary>
public sealed class EscalationJobTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<CalendarJobOutcome> RunOn(int month, int day)
    {
        _host.Time.SetUtcNow(new DateTimeOffset(2026, month, day, 9, 30, 0, TimeSpan.FromHours(8)));
        var job = _host.Services.GetServices<ICalendarJob>().Single(j => j.Id == EscalationJob.JobId);
        var runner = new CalendarJobRunner([job], _host.Services.GetRequiredService<HolidayCalendar>(),
            _host.Services.GetRequiredService<NpgsqlDataSource>(), _host.Time, NullLogger<CalendarJobRunner>.Instance);
        return runner.RunForOutcomeAsync(EscalationJob.JobId, CancellationToken.None);
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
            .Where(h => h.CaseId == caseId && h.Actor == EscalationJob.Actor).Select(h => h.What).ToListAsync());
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
