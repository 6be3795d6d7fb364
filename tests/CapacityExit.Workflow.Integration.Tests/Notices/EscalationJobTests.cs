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
}
