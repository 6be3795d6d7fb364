using System.Text.Json;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Scheduling;

public sealed class DailyDigestTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<CalendarJobOutcome> RunAt(DateTimeOffset at)
    {
        _host.Time.SetUtcNow(at);
        var runner = new CalendarJobRunner([ActivatorUtilities.CreateInstance<DailyDigestJob>(_host.Services)], _host.Services.GetRequiredService<HolidayCalendar>(),
            _host.Services.GetRequiredService<NpgsqlDataSource>(), _host.Time, NullLogger<CalendarJobRunner>.Instance);
        return runner.RunForOutcomeAsync(DailyDigestJob.JobId, CancellationToken.None);
    }

    [Fact]
    public async Task A_bureau_gets_one_digest_on_a_working_day_naming_this_weeks_deadline_and_none_on_National_Day()
    {
        await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局"); // last day 2026-07-15

        var monday = await RunAt(new DateTimeOffset(2026, 7, 13, 9, 0, 0, TimeSpan.FromHours(8)));
        var again = await RunAt(new DateTimeOffset(2026, 7, 13, 9, 30, 0, TimeSpan.FromHours(8)));
        var nationalDay = await RunAt(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(8)));

        Assert.Equal(CalendarJobOutcome.Ran, monday);
        Assert.Equal(CalendarJobOutcome.AlreadyRan, again);
        Assert.Equal(CalendarJobOutcome.NotADayToRun, nationalDay);
        // One digest for the bureau (other bureaus get theirs for the reports they owe); the second run added none.
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(await _host.ScalarAsync<string>(
            "select data::text from capacity_exit.outbox_messages where kind = 'digest' and data->>'bureau' = '郴州市工业和信息化局'"))!;
        Assert.Equal(1L, await _host.ScalarAsync<long>(
            "select count(*) from capacity_exit.outbox_messages where kind = 'digest' and data->>'bureau' = '郴州市工业和信息化局'"));
        Assert.Equal(0L, await _host.ScalarAsync<long>(
            "select count(*) from (select data->>'bureau' from capacity_exit.outbox_messages where kind = 'digest' group by 1 having count(*) > 1) twice"));
        Assert.Equal("郴州市工业和信息化局", data["bureau"]);
        Assert.Equal("2026-07-13", data["day"]);
        Assert.Contains("郴州示例建材水泥有限公司：整改期限届满，最后一日 2026-07-15", data["dueThisWeek"]);

        // And it becomes a mail to the bureau's mailbox and officers.
        var mail = await _host.InScopeAsync(async sp =>
        {
            var row = await sp.GetRequiredService<CapacityExit.Workflow.Core.Data.CapacityExitDbContext>().Outbox
                .SingleAsync(o => o.Kind == "digest" && o.MessageId.StartsWith($"<digest-{data["bureauId"]}-"));
            return await sp.GetRequiredService<IMailComposer>().ComposeAsync(row, CancellationToken.None);
        });
        Assert.StartsWith("【每日待办】郴州市工业和信息化局 2026-07-13", mail.Subject);
        Assert.Contains("郴州示例建材水泥有限公司：整改期限届满，最后一日 2026-07-15", mail.TextBody);
        Assert.Contains(mail.To, a => a.Address == "industryit.chenzhou@example.org");
    }

    [Fact]
    public async Task An_overdue_case_step_is_in_the_bureau_s_digest_in_words_on_the_last_day_its_officer_s_list_shows()
    {
        await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 7, 16, 9, 0, 0, TimeSpan.FromHours(8)));
        await _host.Dispatcher("test").DrainAsync(CancellationToken.None); // deadline → re-inspection task, last day 07-30

        await RunAt(new DateTimeOffset(2026, 8, 3, 9, 0, 0, TimeSpan.FromHours(8)));

        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(await _host.ScalarAsync<string>(
            "select data::text from capacity_exit.outbox_messages where kind = 'digest' and data->>'bureau' = '郴州市工业和信息化局'"))!;
        var line = Assert.Single(data["overdue"].Split('\n'), l => l.Contains("郴州示例建材水泥有限公司", StringComparison.Ordinal));
        // The step's name, not its key; the legal last day (07-30), not the instant it ends (07-31 00:00); 4 days late.
        Assert.StartsWith("整改期满复查（郴州示例建材水泥有限公司", line);
        Assert.Contains("最后一日 2026-07-30，已逾期4天", line);
        var listed = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExit.Workflow.Core.Obligations.ObligationLedger>()
            .OpenForAsync("chenzhou-industryit", CancellationToken.None));
        Assert.Contains(listed, o => o.Title == "整改期满复查" && o.LastDay == new DateOnly(2026, 7, 30));
        Assert.DoesNotContain("reinspection", string.Join("\n", data.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leading_group_office_reads_its_citys_mail_that_failed_for_good_with_the_servers_reply()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        await _host.ExecuteAsync("""
            insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at, last_reply)
            values (@case, 'reminder', 'bureau-officer', 'reminder', '{}', '<failed-test@capacity-exit.workflow>', 'Failed', 1,
                    '2026-07-10T02:00:00Z', '2026-07-10T02:00:00Z', '550 5.1.1 mailbox unavailable (old.address@example.org)'),
                   (@case, 'reminder', 'bureau-officer', 'reminder', '{}', '<failed-old@capacity-exit.workflow>', 'Failed', 1,
                    '2026-06-01T02:00:00Z', '2026-06-01T02:00:00Z', '550 too old to list')
            """, ("case", caseId));

        await RunAt(new DateTimeOffset(2026, 7, 13, 9, 0, 0, TimeSpan.FromHours(8)));

        var mail = await _host.InScopeAsync(async sp =>
        {
            var rows = await sp.GetRequiredService<CapacityExit.Workflow.Core.Data.CapacityExitDbContext>().Outbox.Where(o => o.Kind == "digest").ToListAsync();
            var office = rows.Single(r => r.Data.Contains("领导小组办公室"));
            return await sp.GetRequiredService<IMailComposer>().ComposeAsync(office, CancellationToken.None);
        });
        Assert.Contains(mail.To, a => a.Address == "leadinggroupoffice.chenzhou@example.org");
        Assert.Contains("四、发送失败的邮件", mail.TextBody);
        Assert.Contains($"期限提醒 → 职能部门经办人，案件 {caseId}，2026-07-10 10:00：550 5.1.1 mailbox unavailable (old.address@example.org)", mail.TextBody);
        Assert.DoesNotContain("too old to list", mail.TextBody); // a week back at most
    }
}
