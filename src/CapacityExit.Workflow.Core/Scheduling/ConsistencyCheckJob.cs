using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Scheduling;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Scheduling;

/// <summary>
/// Nightly: finds open cases that wait on nothing — no pending timer and no open task — the silent stall that
/// other workflow engines are known for, and open cases with no workflow at all. Each is recorded as a finding
/// for the leading-group office and logged as a warning. It also lists open cases whose pending timers fall in a
/// year the holiday calendar does not cover yet (computed provisionally), until the year's arrangement is entered
/// and the deadlines reviewed.
/// </summary>
public sealed class ConsistencyCheckJob(HolidayCalendar calendar, ILogger<ConsistencyCheckJob> logger) : ICalendarJob
{
    public const string JobId = "nightly-consistency-check";

    public string Id => JobId;

    public string Cron => "0 2 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Run);

    public async Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            insert into capacity_exit.consistency_findings (found_on, case_id, problem)
            select @day, c.id,
                   case when i.case_id is null then 'open case without a workflow instance'
                        else 'open case waits on nothing: no pending timer and no open task (state ' || i.state || ')' end
            from capacity_exit.cases c
            left join capacity_exit.workflow_instances i on i.case_id = c.id
            where c.status = 'Open'
              and (i.case_id is null or (i.finished_at is null
                   and not exists (select 1 from capacity_exit.workflow_timers t where t.case_id = c.id and t.status = 'Pending')
                   and not exists (select 1 from capacity_exit.workflow_tasks k where k.case_id = c.id and k.status = 'Open')))
            union all
            select @day, t.case_id, 'timer ' || min(t.key) || ' could not fire (see the case history)'
            from capacity_exit.workflow_timers t where t.status = 'Failed' group by t.case_id
            union all
            select @day, t.case_id, 'pending timer ' || min(t.key) || ' falls in a year without holiday arrangement (provisional deadline)'
            from capacity_exit.workflow_timers t
            where t.status = 'Pending'
              and extract(year from (t.due_at - interval '1 microsecond') at time zone 'Asia/Shanghai')::int <> all(@covered)
              -- a year whose arrangement was entered since this host started: the timers then pending were recomputed
              -- (Calendar/YearArrival); one scheduled later by a host still on the old calendar is listed until it restarts
              and not exists (select 1 from capacity_exit.calendar_year_arrivals a
                              where a.year = extract(year from (t.due_at - interval '1 microsecond') at time zone 'Asia/Shanghai')::int
                                and t.created_at <= a.applied_at)
            group by t.case_id
            on conflict (found_on, case_id) do nothing
            returning case_id, problem
            """, connection, transaction);
        command.Parameters.AddWithValue("day", nominalDay);
        command.Parameters.AddWithValue("covered", calendar.CoveredYears.ToArray());
        var found = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add($"case {reader.GetInt64(0)}: {reader.GetString(1)}");
            }
        }

        foreach (var finding in found)
        {
            logger.LogWarning("Consistency check {Day}: {Finding}", nominalDay, finding);
        }

        return found.Count == 0 ? "no findings" : $"{found.Count} finding(s): {string.Join("; ", found)}";
    }
}
