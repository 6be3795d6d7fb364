using System.Text.Json;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Scheduling;
using Npgsql;

namespace CapacityExit.Workflow.Core.Scheduling;

/// <summary>
/// 09:00 on working days (our holiday calendar: none on 国庆节 or a weekend, one on a 调休 Saturday), one digest per
/// bureau that has open cases: what falls due this week, what is overdue, and which tasks wait for the bureau. The
/// leading-group office's digest also lists the mail of its city that failed for good in the last week, with the mail
/// server's reply, so the office can correct an address and have it sent again (issue 9: visible to the office).
/// Written to the outbox in the run's transaction (kind "digest"); the mail sender delivers it.
/// </summary>
public sealed class DailyDigestJob(TimeProvider time) : ICalendarJob
{
    public const string JobId = "daily-digest";

    public string Id => JobId;

    public string Cron => "0 9 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

    public async Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var weekEnd = ChinaTime.StartOfDay(nominalDay.AddDays(8)).ToUniversalTime();
        var lines = new Dictionary<int, (string Bureau, List<string> Due, List<string> Overdue, List<string> Waiting, List<string> Failed)>();
        await using (var command = new NpgsqlCommand(
            """
            select b.id, b.name_zh, 'due', e.name || '：' || t.kind || '，最后一日 ' || to_char((t.due_at - interval '1 microsecond') at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), t.due_at
            from capacity_exit.workflow_timers t
            join capacity_exit.cases c on c.id = t.case_id join capacity_exit.bureaus b on b.id = c.responsible_bureau_id
            join capacity_exit.capacity_items i on i.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = i.enterprise_id
            where t.status = 'Pending' and t.kind like '%deadline' and t.due_at >= @now and t.due_at < @week_end
            union all
            select b.id, b.name_zh, case when k.due_at < @now then 'overdue' else 'waiting' end,
                   e.name || '：' || k.kind || '，期限 ' || to_char(k.due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), k.due_at
            from capacity_exit.workflow_tasks k
            join capacity_exit.cases c on c.id = k.case_id join capacity_exit.bureaus b on b.id = c.responsible_bureau_id
            join capacity_exit.capacity_items i on i.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = i.enterprise_id
            where k.status = 'Open' and (k.assignee_role = 'bureau-officer' or k.due_at < @now)
            union all
            select o.id, o.name_zh, 'failed',
                   '#' || f.id || ' ' || f.kind || ' → ' || f.recipient_role || coalesce('，案件 ' || f.case_id, '') || '，'
                   || to_char(f.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || '：' || coalesce(f.last_reply, ''), f.created_at
            from (
                -- where a failed message belongs: its case's bureau, its notice's region, its reminder's region, its digest's bureau
                select m.id, m.kind, m.recipient_role, m.case_id, m.last_reply, m.created_at,
                       coalesce(cb.jurisdiction_id, n.jurisdiction_id, (m.data->>'region_id')::int, db.jurisdiction_id) as region_id
                from capacity_exit.outbox_messages m
                left join capacity_exit.cases c on c.id = m.case_id
                left join capacity_exit.bureaus cb on cb.id = c.responsible_bureau_id
                left join capacity_exit.issued_notices n on n.id = (m.data->>'noticeId')::bigint
                left join capacity_exit.bureaus db on db.id = (m.data->>'bureauId')::int
                where m.status = 'Failed' and m.created_at >= @week_ago) f
            join capacity_exit.jurisdictions r on r.id = f.region_id
            join capacity_exit.bureaus o on o.kind = 'LeadingGroupOffice'
                and o.jurisdiction_id = case when r.level = 'PrefectureCity' then r.id else r.parent_id end
            order by 1, 5
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("week_end", weekEnd);
            command.Parameters.AddWithValue("week_ago", now.AddDays(-7));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt32(0);
                if (!lines.TryGetValue(id, out var entry))
                {
                    lines[id] = entry = (reader.GetString(1), [], [], [], []);
                }

                (reader.GetString(2) switch { "due" => entry.Due, "overdue" => entry.Overdue, "failed" => entry.Failed, _ => entry.Waiting }).Add(reader.GetString(3));
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (bureauId, entry) in lines)
        {
            var data = new Dictionary<string, string>
            {
                ["bureauId"] = bureauId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["bureau"] = entry.Bureau,
                ["day"] = nominalDay.ToString("yyyy-MM-dd"),
                ["dueThisWeek"] = string.Join("\n", entry.Due),
                ["overdue"] = string.Join("\n", entry.Overdue),
                ["waiting"] = string.Join("\n", entry.Waiting),
                ["failed"] = string.Join("\n", entry.Failed),
            };
            var insert = new NpgsqlBatchCommand(
                """
                insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at)
                values (null, 'digest', 'bureau-officer', 'daily-digest', @data::jsonb, @message_id, 'Pending', 0, @now, @now)
                """);
            insert.Parameters.AddWithValue("data", JsonSerializer.Serialize(data));
            insert.Parameters.AddWithValue("message_id", $"<digest-{bureauId}-{nominalDay:yyyyMMdd}@capacity-exit.workflow>");
            insert.Parameters.AddWithValue("now", now);
            batch.BatchCommands.Add(insert);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        return $"{lines.Count} bureau digest(s) for {nominalDay:yyyy-MM-dd}";
    }
}
