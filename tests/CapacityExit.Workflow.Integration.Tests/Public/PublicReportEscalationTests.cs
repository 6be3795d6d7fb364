using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Core.Obligations;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Public;

/// <summary>
/// A 举报 is a task with a last day like any other (001 §五.(三): 及时核实): due by the profile's five working days, the
/// verifying bureau is reminded before the day, then reminder → 通报 → 约谈 while it stays unverified, each once; a
/// verified report escalates no further.
/// </summary>
public sealed class PublicReportEscalationTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new(); // 2026-01-15, a Thursday

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task RunOn(DateOnly day)
    {
        _host.Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 30)), TimeSpan.FromHours(8))); // the ladder runs 09:30; the host starts at 10:00 on the 15th
        await _host.Services.GetRequiredService<ObligationLadderJob>().RunForDayAsync(day, CancellationToken.None, ObligationKind.PublicReport);
    }

    private Task<List<(string Step, DateOnly On, long? Outbox, long? Notice)>> StepsAsync(long id) => _host.InScopeAsync(async sp =>
        (await sp.GetRequiredService<CapacityExitDbContext>().EscalationSteps.Where(s => s.Subject == $"public-report:{id}").OrderBy(s => s.Id)
            .Select(s => new { s.Step, s.TakenOn, s.OutboxId, s.NoticeId }).ToListAsync())
        .Select(s => (s.Step, s.TakenOn, s.OutboxId, s.NoticeId)).ToList());

    [Fact]
    public async Task An_unverified_report_is_reminded_before_its_day_then_reminded_circulated_and_summoned_once_each_and_stops_when_verified()
    {
        var calendar = _host.Services.GetRequiredService<HolidayCalendar>();
        var county = await _host.ScalarAsync<int>("select id from capacity_exit.jurisdictions where code = '431003'");
        var report = await _host.InScopeAsync(sp => sp.GetRequiredService<PublicReportService>().SubmitAsync(
            new PublicReportInput("苏仙区示例烟花作坊", county.ToString(), "示例村", "safety", "夜间仍在生产", null, null), "192.0.2.10", CancellationToken.None));
        var due = calendar.AddWorkingDays(new DateOnly(2026, 1, 15), 5);
        Assert.Equal(due, report.DueOn);
        Assert.Equal("郴州市应急管理局", await _host.ScalarAsync<string>("select name_zh from capacity_exit.bureaus where id = @id", ("id", report.BureauId!.Value)));

        await RunOn(new DateOnly(2026, 1, 15)); // the profile's 30 and 7 working days before lie before the report came in
        Assert.Empty(await StepsAsync(report.Id));
        await RunOn(calendar.AddWorkingDays(due, -1));
        await RunOn(due);
        await RunOn(due);                                  // a rerun the same day sends nothing twice
        await RunOn(calendar.AddWorkingDays(due, 1));
        await RunOn(calendar.AddWorkingDays(due, 10));
        await RunOn(calendar.AddWorkingDays(due, 20));
        var steps = await StepsAsync(report.Id);
        Assert.Equal(["before-1", "before-0", "overdue-reminder", "circulated-notice", "interview-summons"], steps.Select(s => s.Step));
        Assert.All(steps.Take(3), s => Assert.NotNull(s.Outbox));
        Assert.All(steps.Skip(3), s => Assert.NotNull(s.Notice));
        Assert.Equal("郴州市应急管理局", await _host.ScalarAsync<string>("select laggard from capacity_exit.issued_notices where id = @id", ("id", steps[3].Notice!.Value)));
        Assert.Contains(report.ReceiptNumber, await _host.ScalarAsync<string>("select data from capacity_exit.outbox_messages where id = @id", ("id", steps[2].Outbox!.Value)));

        // Verified at last (not as reported): nothing more is sent about it.
        await _host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<PublicReportService>().RejectAsync("chenzhou-emergencymanagement", report.Id, "现场核查：该作坊已拆除，未见生产", CancellationToken.None);
            return true;
        });
        await RunOn(calendar.AddWorkingDays(due, 40));
        Assert.Equal(5, (await StepsAsync(report.Id)).Count);
        var result = await _host.InScopeAsync(sp => sp.GetRequiredService<PublicReportService>().ResultAsync(report.ReceiptNumber, CancellationToken.None));
        Assert.Equal(PublicReportStatus.NotConfirmed, result!.Status);
        Assert.Equal("现场核查：该作坊已拆除，未见生产", result.Reason);
    }
}
