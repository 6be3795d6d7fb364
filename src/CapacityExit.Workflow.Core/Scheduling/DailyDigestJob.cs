using System.Globalization;
using System.Text.Json;
using CapacityExit.Workflow.Core.Agenda;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Obligations;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CapacityExit.Workflow.Core.Scheduling;

/// <summary>
/// 09:00 on working days (our holiday calendar: none on 国庆节 or a weekend, one on a 调休 Saturday), one digest per
/// bureau with something to say: the legal deadlines of its cases that fall this week (from the calendar), and every
/// open duty its officers owe — overdue, then waiting — exactly as 我的待办 lists them (the obligations ledger: case
/// steps, 举报 to verify, programme tasks, reports to file), each with its legal last day. The leading-group office's
/// digest also lists the mail of its city that failed for good in the last week, with the mail server's reply, so the
/// office can correct an address and have it sent again. Written to the outbox in the run's transaction (kind
/// "digest"); the mail sender delivers it.
/// </summary>
public sealed class DailyDigestJob(IServiceScopeFactory scopes, TimeProvider time) : ICalendarJob
{
    public const string JobId = "daily-digest";

    public string Id => JobId;

    public string Cron => "0 9 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

    public async Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var ledger = services.GetRequiredService<ObligationLedger>();
        var agenda = services.GetRequiredService<AgendaService>();
        var failed = await FailedMailAsync(connection, transaction, now, services.GetRequiredService<RecipientDirectory>(), cancellationToken);
        // A bureau's duties are its officers' (every officer of a bureau owes the same): read through one of them.
        var bureaus = await db.Bureaus.AsNoTracking().OrderBy(b => b.Id)
            .Select(b => new { b.Id, b.NameZh, Officer = db.People.Where(p => p.BureauId == b.Id).OrderBy(p => p.Id).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var bureau in bureaus)
        {
            var due = new List<string>();
            var overdue = new List<string>();
            var waiting = new List<string>();
            if (bureau.Officer is { } officer)
            {
                var week = await agenda.ForAsync(officer, nominalDay, nominalDay.AddDays(7), new AgendaFilter(BureauId: bureau.Id), cancellationToken);
                due.AddRange(week.Items.Where(i => i.Kind == AgendaKind.Deadline && i.BureauId == bureau.Id).OrderBy(i => i.Day)
                    .Select(i => $"{i.Subject}：{i.TitleZh}，最后一日 {Iso(i.Day)}"));
                foreach (var duty in await ledger.OpenForAsync(officer.Login, cancellationToken))
                {
                    var line = $"{duty.Title}（{Short(duty.About)}），最后一日 {Iso(duty.LastDay)}";
                    if (duty.IsOverdue(nominalDay))
                    {
                        var (rung, _) = Obligation.RungTitle(duty.Reached);
                        overdue.Add($"{line}，已逾期{-duty.DaysLeft(nominalDay)}天{(rung.Length > 0 ? "，" + rung : "")}");
                    }
                    else
                    {
                        waiting.Add($"{line}，还剩{duty.DaysLeft(nominalDay)}天");
                    }
                }
            }

            var lost = failed.GetValueOrDefault(bureau.Id, []);
            if (due.Count + overdue.Count + waiting.Count + lost.Count == 0)
            {
                continue;
            }

            var data = new Dictionary<string, string>
            {
                ["bureauId"] = bureau.Id.ToString(CultureInfo.InvariantCulture),
                ["bureau"] = bureau.NameZh,
                ["day"] = Iso(nominalDay),
                ["dueThisWeek"] = string.Join("\n", due),
                ["overdue"] = string.Join("\n", overdue),
                ["waiting"] = string.Join("\n", waiting),
                ["failed"] = string.Join("\n", lost),
            };
            var insert = new NpgsqlBatchCommand(
                """
                insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at)
                values (null, 'digest', 'bureau-officer', 'daily-digest', @data::jsonb, @message_id, 'Pending', 0, @now, @now)
                """);
            insert.Parameters.AddWithValue("data", JsonSerializer.Serialize(data));
            insert.Parameters.AddWithValue("message_id", $"<digest-{bureau.Id}-{nominalDay:yyyyMMdd}@capacity-exit.workflow>");
            insert.Parameters.AddWithValue("now", now);
            batch.BatchCommands.Add(insert);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        return $"{batch.BatchCommands.Count} bureau digest(s) for {nominalDay:yyyy-MM-dd}";
    }

    /// <summary>What a duty is about, on one line of a mail: its first line, at most 60 characters (我的待办 has the rest).</summary>
    private static string Short(string about)
    {
        var first = about.Split('\n')[0];
        return first.Length > 60 ? first[..60] + "…" : first.Length < about.Length ? first.TrimEnd('：', ':') + "…" : first;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The mail of the last week that failed for good, by the leading-group office of the city it belongs to (its case's
    /// bureau, its notice's region, its reminder's region, its digest's bureau), in words: what it was, to whom, when, and
    /// the server's reply.
    /// </summary>
    private static async Task<Dictionary<int, List<string>>> FailedMailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now,
        RecipientDirectory directory, CancellationToken cancellationToken)
    {
        var lines = new Dictionary<int, List<string>>();
        await using var command = new NpgsqlCommand(
            """
            select o.id, f.id, f.kind, f.recipient_role, f.case_id, to_char(f.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), coalesce(f.last_reply, '')
            from (
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
            order by o.id, f.created_at
            """, connection, transaction);
        command.Parameters.AddWithValue("week_ago", now.AddDays(-7));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var office = reader.GetInt32(0);
            var onCase = reader.IsDBNull(4) ? "" : $"，案件 {reader.GetInt64(4)}";
            var line = $"#{reader.GetInt64(1)} {MessageKinds.Title(reader.GetString(2))} → {directory.Title(null, reader.GetString(3))}{onCase}，{reader.GetString(5)}：{reader.GetString(6)}";
            (lines.TryGetValue(office, out var list) ? list : lines[office] = []).Add(line);
        }

        return lines;
    }
}
