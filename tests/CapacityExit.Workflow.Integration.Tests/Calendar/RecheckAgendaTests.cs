using CapacityExit.Workflow.Core.Agenda;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Calendar;

/// <summary>
/// 回头看 on the calendar (issue 18): 湛江's profile re-checks an exit 12 months after its acceptance, within 20 working
/// days (003 §二.(五).1). On the virtual clock, 2 March 2026: one exit whose re-check the job has opened, one still to come;
/// each on its own bureau's agenda and feed, on the re-inspection's last day, and gone once the re-check is completed.
/// </summary>
public sealed class RecheckAgendaTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new(start: new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8)));
    private long _battery;
    private long _coking;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _battery = await ExitAsync("湛江示例蓄电池有限公司", "quality", new DateTimeOffset(2025, 6, 30, 15, 0, 0, TimeSpan.FromHours(8)));
        _coking = await ExitAsync("湛江示例焦化有限公司", "environment", new DateTimeOffset(2025, 1, 15, 15, 0, 0, TimeSpan.FromHours(8)));
        await _host.Services.GetRequiredService<ProgrammeJob>().RunForDayAsync(new DateOnly(2026, 3, 2), CancellationToken.None);
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task<long> ExitAsync(string enterprise, string definition, DateTimeOffset acceptedAt)
    {
        var id = await _host.ScalarAsync<long>("select c.id from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id " +
            "join capacity_exit.enterprises e on e.id = i.enterprise_id where e.name = @name", ("name", enterprise));
        await _host.ExecuteAsync("""
            update capacity_exit.cases set status = 'Exited' where id = @id;
            insert into capacity_exit.workflow_instances (case_id, definition_id, version, profile_id, state, variables, started_at, updated_at, finished_at, revision)
            values (@id, @definition, 1, 'zhanjiang-2021', 'exited', '{}', @at - interval '200 days', @at, @at, 9);
            """, ("id", id), ("definition", definition), ("at", acceptedAt.ToUniversalTime()));
        return id;
    }

    private Task<AgendaView> AgendaAsync(string login) => _host.InScopeAsync(sp =>
    {
        var db = sp.GetRequiredService<CapacityExitDbContext>();
        var sources = new IAgendaSource[] { new RecheckAgendaSource(db, sp.GetRequiredService<ProgrammeDirectory>()) };
        return new AgendaService(db, sources).ForAsync(login, new DateOnly(2026, 3, 1), new DateOnly(2027, 3, 1), new AgendaFilter(), CancellationToken.None);
    });

    [Fact]
    public async Task Each_re_check_is_on_its_own_bureaus_agenda_and_feed_on_the_re_inspections_last_day_and_leaves_it_when_completed()
    {
        var task = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().ProgrammeTasks.AsNoTracking().SingleAsync(t => t.Subject == $"recheck:{_coking}"));
        var market = await AgendaAsync("zhanjiang-marketregulation");
        var environment = await AgendaAsync("zhanjiang-environment");
        var industry = await AgendaAsync("zhanjiang-industryit");

        // Accepted 30 June 2025: the re-check opens 30 June 2026 and its 20 working days end on 28 July (July has no holiday).
        var coming = Assert.Single(market.Items);
        Assert.Equal(($"recheck-{_battery}", AgendaKind.Recheck, new DateOnly(2026, 7, 28), $"/cases/{_battery}", false),
            (coming.Uid, coming.Kind, coming.Day, coming.Link, coming.Provisional));
        Assert.Equal("回头看：复查已退出产能（003 §二.(五).1）", coming.TitleZh);
        Assert.StartsWith("湛江示例蓄电池有限公司 ", coming.Subject);
        // Accepted 15 January 2025: opened today (a year and more on); its last day is the task's, the next working day at the earliest.
        var open = Assert.Single(environment.Items);
        Assert.Equal(($"recheck-{_coking}", new DateOnly(2026, 3, 3)), (open.Uid, open.Day));
        Assert.Equal(task.DueOn, open.Day);
        Assert.Empty(industry.Items); // neither exit is 工信's

        var feed = AgendaFeed.Write(market, new Uri("https://office.example.org/"), _host.Time.GetUtcNow(), "日程");
        Assert.Contains($"UID:recheck-{_battery}@{AgendaFeed.UidDomain}", feed);
        Assert.Contains("DTSTART;VALUE=DATE:20260728", feed);
        Assert.Contains($"https://office.example.org/cases/{_battery}", feed);

        await _host.InScopeAsync(sp => sp.GetRequiredService<ProgrammeService>().CompleteTaskAsync("zhanjiang-environment",
            new TaskOutcome(task.Id, "passed", "现场复查：生产线已拆除，未恢复生产。"), CancellationToken.None));

        Assert.Empty((await AgendaAsync("zhanjiang-environment")).Items);
    }
}
