using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Core.Obligations;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Programmes;

/// <summary>
/// A coal mine that does not report a month's production days (000 §二 煤炭) on the virtual clock, March 2026: 郴州's
/// profile sets the 10th of the next month with reminders 3 and 1 working days before (chenzhou-2017.yaml). The job runs
/// every working morning; the bureau answering for coal (发改委) and the mine's contact are reminded, a month not
/// reported by its day becomes the bureau's task with the task ladder, and a late report closes that task.
/// </summary>
public sealed class CoalReportDutyTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new(start: new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8)));
    private int _mine;
    private readonly List<DateOnly> _ran = [];

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _mine = await _host.InScopeAsync(async sp => (await sp.GetRequiredService<RegistryService>().CreateEnterpriseAsync(
            new NewEnterprise("郴州示例报告煤矿有限公司", CreditCode.Complete("91431081MA9000077"), "煤炭", "431081", "演示联系人", "000-0000-9077", "report-mine@example.org"),
            CancellationToken.None)).Id);
        // January's report (due 10 February) never came; February's is due Tuesday 10 March 2026.
        var calendar = _host.Services.GetRequiredService<HolidayCalendar>();
        for (var day = new DateOnly(2026, 3, 2); day <= new DateOnly(2026, 3, 31); day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
            {
                continue;
            }

            _host.Time.SetUtcNow(new DateTimeOffset(day.Year, day.Month, day.Day, 9, 20, 0, TimeSpan.FromHours(8)));
            await _host.Services.GetRequiredService<ProgrammeJob>().RunForDayAsync(day, CancellationToken.None);
            await _host.Services.GetRequiredService<ObligationLadderJob>().RunForDayAsync(day, CancellationToken.None, ObligationKind.ProgrammeTask);
            _ran.Add(day);
            if (day == new DateOnly(2026, 3, 4))
            {
                // The mine sends January at last, through the development bureau.
                _host.Time.SetUtcNow(new DateTimeOffset(day.Year, day.Month, day.Day, 15, 0, 0, TimeSpan.FromHours(8)));
                await _host.InScopeAsync(sp => sp.GetRequiredService<ProgrammeService>().RecordCoalReportAsync("chenzhou-development",
                    new CoalReportInput(_mine, 2026, 1, "2026-01-05..2026-01-09"), CancellationToken.None));
            }
        }
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<List<ProgrammeTask>> TasksAsync() => _host.InScopeAsync(sp =>
        sp.GetRequiredService<CapacityExitDbContext>().ProgrammeTasks.AsNoTracking().Where(t => t.EnterpriseId == _mine).OrderBy(t => t.Id).ToListAsync());

    [Fact]
    public async Task The_bureau_and_the_mine_are_reminded_3_and_1_working_days_before_the_10th_and_the_months_not_reported_become_the_bureaus_tasks()
    {
        var steps = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().EscalationSteps.AsNoTracking()
            .Where(s => s.Subject == $"coal-report:{_mine}:2026-02").OrderBy(s => s.TakenOn).Select(s => s.TakenOn).ToListAsync());
        var mails = (await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Outbox.AsNoTracking()
                .Where(m => m.Kind == "programme-duty").OrderBy(m => m.Id).ToListAsync()))
            .Select(m => (m.RecipientRole, Data: JsonSerializer.Deserialize<Dictionary<string, string>>(m.Data)!))
            .Where(m => m.Data["duty"] == "coal-report-reminder").ToList();
        var tasks = await TasksAsync();
        var development = await _host.ScalarAsync<int>("select id from capacity_exit.bureaus where name_zh = '郴州市发展和改革委员会'");

        // Thursday 5 and Monday 9 March: 3 and 1 working days before Tuesday 10 March.
        Assert.Equal([new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 9)], steps);
        Assert.Equal(4, mails.Count);
        Assert.Equal(2, mails.Count(m => m.RecipientRole == "bureau-officer" && m.Data["bureau_id"] == development.ToString()));
        Assert.Equal(2, mails.Count(m => m.RecipientRole == "enterprise" && m.Data["enterprise_email"] == "report-mine@example.org"));
        Assert.All(mails, m => Assert.Equal(("2026-02", "2026-03-10"), (m.Data["month_iso"], m.Data["last_day_iso"])));

        // January: past its day when the job first ran → a task on 2 March, closed by the late report on the 4th.
        // February: not reported by the 10th → a task on Wednesday 11 March, five working days to deal with it.
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal((ProgrammeTaskKinds.CoalUnreported, development), (t.Kind, t.BureauId)));
        Assert.Equal(($"coal-report:{_mine}:2026-01", new DateOnly(2026, 3, 2), ProgrammeTaskStatus.Done, "reported-late"),
            (tasks[0].Subject, tasks[0].OpenedOn, tasks[0].Status, tasks[0].Outcome));
        Assert.Equal(($"coal-report:{_mine}:2026-02", new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 18), ProgrammeTaskStatus.Open),
            (tasks[1].Subject, tasks[1].OpenedOn, tasks[1].DueOn, tasks[1].Status));
        Assert.Contains("郴州示例报告煤矿有限公司2026年2月生产日", tasks[1].Title);

        // The open task is on the programme tasks' ladder: past its last day, the overdue reminder (通报 and 约谈 follow later).
        var ladder = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().EscalationSteps.AsNoTracking()
            .Where(s => s.Subject == ProgrammeJob.Subject(tasks[1])).ToListAsync());
        Assert.Contains(ladder, s => s.Step == "overdue-reminder" && s.TakenOn > tasks[1].DueOn && s.OutboxId != null);
    }
}
