using System.Globalization;
using System.Text.Json;
using CapacityExit.Workflow.Core.Calendar;
using CapacityExit.Workflow.Core.Calendar.YearArrival;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Calendar;

/// <summary>
/// Next year's holidays arriving: every provisional deadline of 2027 counted again on the arrangement, in one
/// transaction, on a real PostgreSQL with 10,000 open cases; and a timer the new count puts in the past fires at once,
/// its lateness on record. The arrangement is the example of docs/deadline-rules.md (fictional until the State Council
/// publishes 2027's): 元旦 01-01..03; 春节 02-06..13 with make-up days Sunday 02-14 and Saturday 02-20; 清明节 04-03..05.
/// </summary>
public sealed class YearArrivalTests : IAsyncLifetime
{
    private const string Notice = "国务院办公厅关于2027年部分节假日安排的通知（示例）";
    private const string Deadline = "rectifying/rectification-deadline";

    internal static readonly IReadOnlyList<HolidayArrangement> Holidays =
    [
        new("元旦", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 3), []),
        new("春节", new DateOnly(2027, 2, 6), new DateOnly(2027, 2, 13), [new DateOnly(2027, 2, 14), new DateOnly(2027, 2, 20)]),
        new("清明节", new DateOnly(2027, 4, 3), new DateOnly(2027, 4, 5), []),
    ];

    private readonly TempRoot _root = new();
    private readonly WorkflowTestHost _host;

    public YearArrivalTests() => _host = new WorkflowTestHost(_root.Path);

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

    [Fact]
    public async Task Ten_thousand_provisional_deadlines_are_recomputed_in_one_transaction_and_each_bureau_is_mailed_once()
    {
        // 50 cases found between July and November 2026 (their six months end in 2027), cloned to 10,000 over three bureaus.
        var found = Enumerable.Range(0, 48).Select(i => new DateOnly(2026, 7, 1).AddDays(3 * i))
            .Concat([new DateOnly(2026, 8, 6), new DateOnly(2026, 8, 20)]).ToList();
        var bureaus = new[] { "郴州市工业和信息化局", "郴州市发展和改革委员会", "郴州市生态环境局" };
        var bureauIds = await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            return await db.Bureaus.Where(b => bureaus.Contains(b.NameZh)).Select(b => b.Id).ToArrayAsync();
        });
        foreach (var day in found)
        {
            var template = await _host.OpenCaseAsync("郴州示例建材", "energy", day, bureaus[0]);
            await _host.ExecuteAsync("""
                with clones as (
                    insert into capacity_exit.cases (capacity_item_id, standard, finding_date, legal_basis, responsible_bureau_id, status, created_at)
                    select capacity_item_id, standard, finding_date, legal_basis, (@bureaus::int[])[1 + g % 3], status, created_at
                    from capacity_exit.cases, generate_series(2, 200) g where id = @id
                    returning id)
                , instances as (
                    insert into capacity_exit.workflow_instances (case_id, definition_id, version, profile_id, state, variables, started_at, updated_at, revision)
                    select c.id, i.definition_id, i.version, i.profile_id, i.state, i.variables, i.started_at, i.updated_at, 0
                    from clones c, capacity_exit.workflow_instances i where i.case_id = @id
                    returning case_id)
                insert into capacity_exit.workflow_timers (case_id, key, kind, due_at, recipient_role, owner_state, payload, status, created_at)
                select n.case_id, t.key, t.kind, t.due_at, t.recipient_role, t.owner_state, t.payload, 'Pending', t.created_at
                from instances n, capacity_exit.workflow_timers t where t.case_id = @id and t.status = 'Pending'
                """, ("id", template), ("bureaus", bureauIds));
        }

        Assert.Equal(10_000L, await _host.ScalarAsync<long>(
            "select count(*) from capacity_exit.workflow_timers where key = @key and status = 'Pending' and due_at > '2027-01-01T00:00:00+08'", ("key", Deadline)));
        var provisional = Calculator(await LoadCalendarAsync());
        var reminderSent = await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_timers where status = 'Fired'");

        var added = await _host.InScopeAsync(sp => new CalendarAdministration(_root.Workflow("calendar/cn-holidays.txt"), sp.GetRequiredService<YearArrivalRecompute>())
            .AddYearAsync(2027, Notice, Holidays, replace: false, CancellationToken.None, "admin"));

        var calendar = await LoadCalendarAsync();
        Assert.True(calendar.Covers(2027));
        var counted = Calculator(calendar);
        var rows = await ReadAsync("""
            select c.id, c.finding_date, c.responsible_bureau_id, t.payload, t.due_at, i.variables::text
            from capacity_exit.cases c join capacity_exit.workflow_timers t on t.case_id = c.id and t.key = 'rectifying/rectification-deadline' and t.status = 'Pending'
            join capacity_exit.workflow_instances i on i.case_id = c.id
            """, r => (Id: r.GetInt64(0), Found: r.GetFieldValue<DateOnly>(1), Bureau: r.GetInt32(2), Payload: r.GetString(3),
                DueAt: r.GetFieldValue<DateTimeOffset>(4), Variables: JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(5))!));
        Assert.Equal(10_000, rows.Count);

        // Every deadline right by the new arrangement: the last day, the timer's due time, the recorded last day.
        var moved = new Dictionary<long, (DateOnly Old, DateOnly New, int Bureau)>();
        foreach (var row in rows)
        {
            var expected = counted.Compute(row.Found, PeriodExpression.Parse("P6M"));
            Assert.Equal(Iso(expected.LastDay), row.Payload);
            Assert.Equal(expected.EndsAt, row.DueAt);
            Assert.Equal(Iso(expected.LastDay), row.Variables["rectificationLastDay"]);
            var before = provisional.Compute(row.Found, PeriodExpression.Parse("P6M")).LastDay;
            if (before != expected.LastDay)
            {
                moved[row.Id] = (before, expected.LastDay, row.Bureau);
            }
        }

        // The example's moves are there: 2027-02-06 (Saturday, 春节) was provisionally Monday 02-08, now the make-up Sunday 02-14;
        // 2027-02-20, a make-up Saturday, was provisionally Monday 02-22 and stays on the Saturday now.
        Assert.Contains(moved.Values, m => m.Old == new DateOnly(2027, 2, 8) && m.New == new DateOnly(2027, 2, 14));
        Assert.Contains(moved.Values, m => m.Old == new DateOnly(2027, 2, 22) && m.New == new DateOnly(2027, 2, 20));
        Assert.True(moved.Count >= 600, $"only {moved.Count} deadlines moved");
        Assert.Equal(moved.Count, added.Recomputed!.DeadlinesMoved);

        // Every pending reminder sits where the engine would put it now: N working days before the new last day, at 09:00.
        var reminders = await ReadAsync("""
            select c.finding_date, t.key, t.due_at from capacity_exit.workflow_timers t join capacity_exit.cases c on c.id = t.case_id
            where t.kind = 'reminder' and t.status = 'Pending'
            """, r => (Found: r.GetFieldValue<DateOnly>(0), Key: r.GetString(1), DueAt: r.GetFieldValue<DateTimeOffset>(2)));
        Assert.NotEmpty(reminders);
        foreach (var reminder in reminders)
        {
            var lastDay = counted.Compute(reminder.Found, PeriodExpression.Parse("P6M")).LastDay;
            var offset = int.Parse(reminder.Key[(reminder.Key.LastIndexOf('-') + 1)..^2], CultureInfo.InvariantCulture);
            Assert.Equal(ChinaTime.StartOfDay(calendar.WithProvisionalYears(2).AddWorkingDays(lastDay, -offset)).AddHours(9), reminder.DueAt);
        }

        Assert.Equal(reminderSent, await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_timers where status = 'Fired'"));

        // Each moved deadline is in its case's history with the old and the new day and why.
        var history = await ReadAsync("""
            select case_id, why, timer_key from capacity_exit.case_history where actor = 'system:calendar'
            """, r => (CaseId: r.GetInt64(0), Why: r.GetString(1), Timer: r.GetString(2)));
        Assert.Equal(moved.Count, history.Count);
        foreach (var entry in history)
        {
            var (old, @new, _) = moved[entry.CaseId];
            Assert.Equal(Deadline, entry.Timer);
            Assert.StartsWith($"整改期限届满：最后一日由{Iso(old)}改为{Iso(@new)}（依据{Notice}）", entry.Why, StringComparison.Ordinal);
        }

        // One transaction: every row the recompute wrote carries the same transaction id.
        Assert.Equal(1L, await _host.ScalarAsync<long>("""
            select count(distinct x) from (
                select xmin::text as x from capacity_exit.case_history where actor = 'system:calendar'
                union all select xmin::text from capacity_exit.outbox_messages where kind = 'deadlines-moved'
                union all select xmin::text from capacity_exit.calendar_year_arrivals
                union all select xmin::text from capacity_exit.workflow_timers t
                    where t.status = 'Pending' and t.case_id = any(@ids) and t.key = 'rectifying/rectification-deadline') y
            """, ("ids", moved.Keys.ToArray())));

        // Each bureau is mailed once, with all its moved deadlines.
        var mails = await ReadAsync("select id, data::text from capacity_exit.outbox_messages where kind = 'deadlines-moved'",
            r => (Id: r.GetInt64(0), Data: JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(1))!));
        Assert.Equal(bureauIds.Order(), mails.Select(m => int.Parse(m.Data["bureauId"], CultureInfo.InvariantCulture)).Order());
        foreach (var mail in mails)
        {
            var bureau = int.Parse(mail.Data["bureauId"], CultureInfo.InvariantCulture);
            var lines = mail.Data["moved"].Split('\n');
            var mine = moved.Where(m => m.Value.Bureau == bureau).ToList();
            Assert.Equal(mine.Count, lines.Length);
            Assert.Equal(mine.Count.ToString(CultureInfo.InvariantCulture), mail.Data["count"]);
            Assert.Equal(mine.Select(m => m.Key).Order(), lines.Select(l => long.Parse(l[(l.IndexOf("（案件", StringComparison.Ordinal) + 3)..l.IndexOf('）')], CultureInfo.InvariantCulture)).Order());
            var sample = mine[0];
            Assert.Contains($"（案件{sample.Key}）：整改期限届满 {Iso(sample.Value.Old)} → {Iso(sample.Value.New)}", mail.Data["moved"], StringComparison.Ordinal);
        }

        var draft = await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var message = await db.Outbox.SingleAsync(m => m.Id == mails[0].Id);
            return await sp.GetRequiredService<TemplateMailDrafter>().DraftAsync(message, CancellationToken.None);
        });
        Assert.StartsWith("【期限调整】", draft.Subject, StringComparison.Ordinal);
        Assert.Contains(Notice, draft.TextBody, StringComparison.Ordinal);
        Assert.Contains(draft.To, r => r.Address.EndsWith("@example.org", StringComparison.Ordinal));

        // The nightly check no longer lists the recomputed deadlines as provisional.
        var job = new ConsistencyCheckJob(_host.Services.GetRequiredService<HolidayCalendar>(), NullLogger<ConsistencyCheckJob>.Instance);
        await _host.InScopeAsync(async sp =>
        {
            await using var connection = await sp.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await job.RunAsync(connection, transaction, new DateOnly(2026, 11, 23), CancellationToken.None);
            await transaction.CommitAsync();
            return 0;
        });
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.consistency_findings where problem like '%provisional%'"));
    }

    [Fact]
    public async Task A_timer_the_new_count_puts_in_the_past_fires_at_once_with_its_lateness_recorded_and_sent_reminders_keep_their_record()
    {
        // Found 2026-08-20: six months end on Saturday 2027-02-20, provisionally rolled to Monday 02-22. The arrangement makes that
        // Saturday a working day, so the last day is 02-20 after all: entered late (on Sunday the 21st), the deadline has passed.
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 8, 20), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(new DateTimeOffset(2027, 2, 21, 12, 0, 0, TimeSpan.FromHours(8)));
        await _host.Dispatcher("before").DrainAsync(CancellationToken.None);
        var sentBefore = await ReadAsync("select key, fired_at from capacity_exit.workflow_timers where case_id = @id and status = 'Fired' order by key",
            r => (Key: r.GetString(0), FiredAt: r.GetFieldValue<DateTimeOffset>(1)), ("id", caseId));
        Assert.Contains(sentBefore, s => s.Key == $"{Deadline}/reminder-30wd");

        var added = await _host.InScopeAsync(sp => new CalendarAdministration(_root.Workflow("calendar/cn-holidays.txt"), sp.GetRequiredService<YearArrivalRecompute>())
            .AddYearAsync(2027, Notice, Holidays, replace: false, CancellationToken.None, "admin"));
        Assert.Equal(1, added.Recomputed!.DeadlinesMoved);
        Assert.True(added.Recomputed.FiringAtOnce >= 2); // the deadline and the morning-of reminder

        await _host.Dispatcher("after").DrainAsync(CancellationToken.None);

        Assert.Equal("reinspection", await _host.ScalarAsync<string>("select state from capacity_exit.workflow_instances where case_id = @id", ("id", caseId)));
        var late = await _host.ScalarAsync<TimeSpan>(
            "select late_by from capacity_exit.case_history where case_id = @id and timer_key = @key and actor <> 'system:calendar'", ("id", caseId), ("key", Deadline));
        Assert.Equal(TimeSpan.FromHours(12), late); // due 2027-02-21 00:00, fired at 12:00
        Assert.Contains("由2027-02-22改为2027-02-20", await _host.ScalarAsync<string>(
            "select why from capacity_exit.case_history where case_id = @id and actor = 'system:calendar'", ("id", caseId)), StringComparison.Ordinal);
        var sentAfter = await ReadAsync("select key, fired_at from capacity_exit.workflow_timers where case_id = @id and status = 'Fired' and key = any(@keys) order by key",
            r => (Key: r.GetString(0), FiredAt: r.GetFieldValue<DateTimeOffset>(1)), ("id", caseId), ("keys", sentBefore.Select(s => s.Key).ToArray()));
        Assert.Equal(sentBefore, sentAfter);
    }

    private static DeadlineCalculator Calculator(HolidayCalendar calendar) => new(calendar.WithProvisionalYears(2));

    private async Task<HolidayCalendar> LoadCalendarAsync() =>
        HolidayCalendar.Parse(await File.ReadAllTextAsync(_root.Workflow("calendar/cn-holidays.txt")), "cn-holidays.txt");

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> map, params (string Name, object Value)[] parameters) => _host.InScopeAsync(async sp =>
    {
        await using var command = sp.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(map(reader));
        }

        return list;
    });
}
