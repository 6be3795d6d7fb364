using CapacityExit.Workflow.Core.Calendar;
using CapacityExit.Workflow.Core.Calendar.YearArrival;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CapacityExit.Workflow.Integration.Tests.Calendar;

/// <summary>
/// A year's arrangement entered while the host runs is counted on from then on, without a restart: at once on the host
/// that entered it (the admin page), within a minute on a host that finds the file changed by another process (the CLI,
/// another host). The arrangement is the fictional 2027 example of docs/deadline-rules.md (YearArrivalTests.Holidays).
/// </summary>
public sealed class RunningHostCalendarTests : IAsyncLifetime
{
    private readonly TempRoot _root = new();
    private readonly WorkflowTestHost _host;

    public RunningHostCalendarTests() => _host = new WorkflowTestHost(_root.Path);

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _root.Dispose();
    }

    private string CalendarFile => _root.Workflow("calendar/cn-holidays.txt");

    private Task<long> ProvisionalNotesAsync(long caseId) =>
        _host.ScalarAsync<long>("select count(*) from capacity_exit.case_history where case_id = @id and why like '%暂定%'", ("id", caseId));

    [Fact]
    public async Task A_year_entered_on_the_page_is_used_at_once_and_one_written_by_another_process_within_a_minute()
    {
        var runtime = _host.Services.GetRequiredService<WorkflowRuntime>();
        Assert.False(_host.Services.GetRequiredService<HolidayCalendar>().Covers(2027));
        // Found in August 2026: six months end in February 2027, counted provisionally and said so in the history.
        var before = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 8, 6), "郴州市工业和信息化局");
        Assert.True(await ProvisionalNotesAsync(before) > 0);

        // Entered as the admin page enters it: the running host counts on 2027 from the moment it is written.
        await _host.InScopeAsync(sp => new CalendarAdministration(CalendarFile, sp.GetRequiredService<YearArrivalRecompute>(), runtime)
            .AddYearAsync(2027, "国务院办公厅关于2027年部分节假日安排的通知（示例）", YearArrivalTests.Holidays, replace: false, CancellationToken.None, "admin"));
        Assert.True(runtime.Calendar.Covers(2027));
        Assert.True(_host.Services.GetRequiredService<HolidayCalendar>().Covers(2027)); // what every scope and calendar job asks for
        var after = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 8, 6), "郴州市工业和信息化局");
        Assert.Equal(0, await ProvisionalNotesAsync(after)); // 2027's dates are final now: no "暂定" on the new case

        // 2028 written by another process (the CLI without this host's runtime): the watcher finds it on its next look.
        var watcher = new CalendarFileWatcher(CalendarFile, runtime, _host.Time, NullLogger<CalendarFileWatcher>.Instance);
        Assert.False(await watcher.CheckAsync(CancellationToken.None)); // nothing changed since it started
        await new CalendarAdministration(CalendarFile).AddYearAsync(2028, "国务院办公厅关于2028年部分节假日安排的通知（示例）",
            [new HolidayArrangement("元旦", new DateOnly(2028, 1, 1), new DateOnly(2028, 1, 3), [])], replace: false, CancellationToken.None);
        File.SetLastWriteTimeUtc(CalendarFile, File.GetLastWriteTimeUtc(CalendarFile).AddSeconds(5)); // a distinct stamp even on a coarse file system
        Assert.False(runtime.Calendar.Covers(2028));
        Assert.True(await watcher.CheckAsync(CancellationToken.None));
        Assert.True(runtime.Calendar.Covers(2028));
        Assert.True(runtime.Calendar.Covers(2027));

        // A file broken by hand is not taken: the host keeps counting on what it had, and says why in its log.
        var good = await File.ReadAllTextAsync(CalendarFile);
        await File.WriteAllTextAsync(CalendarFile, good + "\n2029 这一行不是日历\n");
        File.SetLastWriteTimeUtc(CalendarFile, File.GetLastWriteTimeUtc(CalendarFile).AddSeconds(5));
        Assert.False(await watcher.CheckAsync(CancellationToken.None));
        Assert.True(runtime.Calendar.Covers(2028));
    }
}
