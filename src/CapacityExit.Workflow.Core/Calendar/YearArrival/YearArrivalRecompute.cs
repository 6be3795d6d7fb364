using System.Globalization;
using System.Text.Json;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CapacityExit.Workflow.Core.Calendar.YearArrival;

/// <summary>What entering a year's arrangement changed: cases, deadlines and tasks moved, timers moved, bureaus mailed.</summary>
public sealed record YearArrivalSummary(int Year, int CasesExamined, int CasesMoved, int DeadlinesMoved, int TimersMoved, int BureausMailed,
    int FiringAtOnce, IReadOnlyList<string> NotRecomputed)
{
    public string Zh => $"复核{CasesExamined}件在办案件：{CasesMoved}件的{DeadlinesMoved}个期限（含待办）按新安排调整，{TimersMoved}个定时器随之移动，" +
        $"已通知{BureausMailed}个责任部门" + (FiringAtOnce > 0 ? $"；{FiringAtOnce}个定时器的新时间已过，立即触发" : "") +
        (NotRecomputed.Count > 0 ? $"；{NotRecomputed.Count}件无法重算（见日志）" : "");

    public string En => $"{CasesExamined} open case(s) examined: {DeadlinesMoved} deadline(s) and task(s) of {CasesMoved} case(s) moved, {TimersMoved} timer(s) moved, " +
        $"{BureausMailed} bureau(s) mailed" + (FiringAtOnce > 0 ? $"; {FiringAtOnce} timer(s) now past fire at once" : "") +
        (NotRecomputed.Count > 0 ? $"; {NotRecomputed.Count} case(s) could not be recomputed (see the log)" : "");
}

/// <summary>
/// When a year's holiday arrangement arrives (国务院办公厅关于…部分节假日安排的通知), every pending deadline, reminder,
/// task and escalation counted provisionally on the weekend rule is counted again by the engine's own calculus
/// (<see cref="DeadlineReplay"/>) on the new calendar, and everything that moved is written in ONE transaction with
/// set-based statements: the timers and tasks moved, the recorded last days updated, a history line per moved deadline
/// (old day, new day, why), and one mail per responsible bureau listing all its moved deadlines (outbox, kind
/// <see cref="MessageKinds.DeadlinesMoved"/>). Reminders already sent are not touched, so their record stays; a timer whose
/// new time has passed is left due, and the dispatcher fires it at once and records its lateness.
/// </summary>
public sealed class YearArrivalRecompute(NpgsqlDataSource dataSource, WorkflowRuntime runtime, TimeProvider time, ILogger<YearArrivalRecompute> logger)
{
    public const string Actor = "system:calendar";

    /// <summary>The clock the recompute counts on (the moment a year is entered is recorded by it too).</summary>
    public TimeProvider Clock => time;

    /// <summary>
    /// Recomputes on <paramref name="updated"/> (the file's calendar with the new year) and, inside the same transaction,
    /// calls <paramref name="beforeCommit"/> (CalendarAdministration keeps the year there: in holiday_years, or the file without a store), then commits.
    /// </summary>
    public async Task<YearArrivalSummary> ApplyAsync(HolidayCalendar updated, int year, string notice, string appliedBy,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> beforeCommit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var calendar = updated.WithProvisionalYears(WorkflowRuntime.ProvisionalYears); // the workflows' own calendar, as WorkflowRuntime builds it
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Late December of the year before can change too (元旦 spanning the new year): look from its December on.
        var from = ChinaTime.StartOfDay(new DateOnly(year - 1, 12, 1)).ToUniversalTime();
        var ids = new List<long>();
        await using (var command = new NpgsqlCommand(
            """
            select t.case_id from capacity_exit.workflow_timers t
            join capacity_exit.workflow_instances i on i.case_id = t.case_id and i.finished_at is null
            where t.status = 'Pending' and t.due_at >= @from
            union
            select k.case_id from capacity_exit.workflow_tasks k
            join capacity_exit.workflow_instances i on i.case_id = k.case_id and i.finished_at is null
            where k.status = 'Open' and k.due_at >= @from
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("from", from);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var instances = await WorkflowStore.LoadAsync(connection, transaction, ids, lockRows: true, cancellationToken);
        var scheduled = new Dictionary<(long, string), DateTimeOffset>();
        var cases = new Dictionary<long, (int BureauId, string Bureau, string Enterprise)>();
        await using (var command = new NpgsqlCommand(
            """
            select case_id, key, created_at from capacity_exit.workflow_timers where status = 'Pending' and case_id = any(@ids)
            union all
            select case_id, key, created_at from capacity_exit.workflow_tasks where status = 'Open' and case_id = any(@ids);
            select c.id, b.id, b.name_zh, e.name from capacity_exit.cases c
            join capacity_exit.bureaus b on b.id = c.responsible_bureau_id
            join capacity_exit.capacity_items i on i.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = i.enterprise_id
            where c.id = any(@ids)
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", ids.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                scheduled[(reader.GetInt64(0), reader.GetString(1))] = reader.GetFieldValue<DateTimeOffset>(2);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cases[reader.GetInt64(0)] = (reader.GetInt32(1), reader.GetString(2), reader.GetString(3));
            }
        }

        var timerMoves = new List<(long CaseId, RescheduledItem Item)>();
        var taskMoves = new List<(long CaseId, RescheduledItem Item)>();
        var variableUpdates = new List<(long CaseId, string Json)>();
        var history = new List<(long CaseId, string What, string Why, string? Timer, string? Task, string State, int Version)>();
        var mails = new SortedDictionary<int, (string Bureau, List<string> Lines)>();
        var failed = new List<string>();
        var movedCases = 0;
        var what = $"期限按{year}年放假安排重新计算 / deadline recomputed on the {year} holiday arrangement";
        foreach (var instance in instances.Values.Where(i => !i.Finished).OrderBy(i => i.CaseId))
        {
            ReplayedInstance replayed;
            WorkflowDefinition definition;
            try
            {
                definition = runtime.Catalog.Get(instance.State.DefinitionId, instance.State.Version);
                replayed = DeadlineReplay.Replay(definition, runtime.Catalog.Profile(instance.ProfileId), instance.State, calendar,
                    key => scheduled.TryGetValue((instance.CaseId, key), out var at) ? at : null);
            }
            catch (Exception e) when (e is WorkflowRuleException or YearNotCoveredException or KeyNotFoundException or InvalidOperationException)
            {
                failed.Add($"case {instance.CaseId}: {e.Message}");
                logger.LogWarning("Year {Year} arrival: case {CaseId} not recomputed: {Reason}", year, instance.CaseId, e.Message);
                continue;
            }

            if (replayed.Moved.Count == 0)
            {
                continue;
            }

            movedCases++;
            timerMoves.AddRange(replayed.Moved.Where(m => !m.IsTask).Select(m => (instance.CaseId, m)));
            taskMoves.AddRange(replayed.Moved.Where(m => m.IsTask).Select(m => (instance.CaseId, m)));
            if (replayed.ChangedVariables.Count > 0)
            {
                variableUpdates.Add((instance.CaseId, JsonSerializer.Serialize(replayed.Variables)));
            }

            var facts = cases[instance.CaseId];
            foreach (var item in replayed.Moved.Where(m => m.IsDeadline))
            {
                var title = Title(definition, item);
                var (oldDay, newDay) = (ChinaTime.LastDayEndingAt(item.OldDueAt), ChinaTime.LastDayEndingAt(item.NewDueAt));
                var followers = replayed.Moved.Count(m => !m.IsDeadline && m.Key.StartsWith(item.Key + "/", StringComparison.Ordinal));
                var whyZh = $"{title}：最后一日由{Iso(oldDay)}改为{Iso(newDay)}（依据{notice}）" +
                    (followers > 0 ? $"；{followers}个提醒或督办时间随之调整，已发出的提醒记录不变" : "") +
                    (item.NewDueAt <= now ? "；新的期限已过，立即触发" : "") + "。" + (item.Deadline?.ExplainZh() ?? "");
                var whyEn = $"{title}: last day {Iso(oldDay)} → {Iso(newDay)} ({year} arrangement entered)";
                var why = $"{whyZh} / {whyEn}";
                history.Add((instance.CaseId, what, why.Length > 2000 ? why[..2000] : why, item.IsTask ? null : item.Key, item.IsTask ? item.Key : null,
                    instance.State.State, instance.State.Version));
                if (!mails.TryGetValue(facts.BureauId, out var mail))
                {
                    mails[facts.BureauId] = mail = (facts.Bureau, []);
                }

                mail.Lines.Add($"{facts.Enterprise}（案件{instance.CaseId}）：{title} {Iso(oldDay)} → {Iso(newDay)}");
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        Add(batch, """
            update capacity_exit.workflow_timers t set due_at = u.due_at, payload = u.payload
            from unnest(@case_ids, @keys, @due, @payloads) as u(case_id, key, due_at, payload)
            where t.case_id = u.case_id and t.key = u.key and t.status = 'Pending'
            """,
            Column("case_ids", timerMoves.Select(m => m.CaseId), NpgsqlDbType.Bigint), Column("keys", timerMoves.Select(m => m.Item.Key), NpgsqlDbType.Text),
            Column("due", timerMoves.Select(m => m.Item.NewDueAt.ToUniversalTime()), NpgsqlDbType.TimestampTz),
            Column("payloads", timerMoves.Select(m => m.Item.NewPayload), NpgsqlDbType.Text));
        // Moved outside a transition: the moved cases' kept next deadline (the case list's sort) follows.
        Add(batch, "select capacity_exit.refresh_next_deadlines(@case_ids)",
            Column("case_ids", timerMoves.Select(m => m.CaseId).Distinct(), NpgsqlDbType.Bigint));
        Add(batch, """
            update capacity_exit.workflow_tasks k set due_at = u.due_at
            from unnest(@case_ids, @keys, @due) as u(case_id, key, due_at)
            where k.case_id = u.case_id and k.key = u.key and k.status = 'Open'
            """,
            Column("case_ids", taskMoves.Select(m => m.CaseId), NpgsqlDbType.Bigint), Column("keys", taskMoves.Select(m => m.Item.Key), NpgsqlDbType.Text),
            Column("due", taskMoves.Select(m => m.Item.NewDueAt.ToUniversalTime()), NpgsqlDbType.TimestampTz));
        Add(batch, """
            update capacity_exit.workflow_instances i set variables = u.variables::jsonb, updated_at = @now, revision = i.revision + 1
            from unnest(@case_ids, @variables) as u(case_id, variables) where i.case_id = u.case_id
            """,
            Column("case_ids", variableUpdates.Select(v => v.CaseId), NpgsqlDbType.Bigint), Column("variables", variableUpdates.Select(v => v.Json), NpgsqlDbType.Text),
            new NpgsqlParameter("now", now));
        Add(batch, """
            insert into capacity_exit.case_history (case_id, at, actor, what, why, timer_key, task_key, from_state, to_state, definition_version)
            select u.case_id, @now, @actor, u.what, u.why, u.timer_key, u.task_key, u.state, u.state, u.version
            from unnest(@case_ids, @whats, @whys, @timers, @tasks, @states, @versions) as u(case_id, what, why, timer_key, task_key, state, version)
            """,
            Column("case_ids", history.Select(h => h.CaseId), NpgsqlDbType.Bigint), Column("whats", history.Select(h => h.What), NpgsqlDbType.Text),
            Column("whys", history.Select(h => h.Why), NpgsqlDbType.Text), Column("timers", history.Select(h => h.Timer), NpgsqlDbType.Text),
            Column("tasks", history.Select(h => h.Task), NpgsqlDbType.Text), Column("states", history.Select(h => h.State), NpgsqlDbType.Text),
            Column("versions", history.Select(h => h.Version), NpgsqlDbType.Integer), new NpgsqlParameter("now", now), new NpgsqlParameter("actor", Actor));
        var stamp = now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        Add(batch, $"""
            insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at)
            select null, '{MessageKinds.DeadlinesMoved}', 'bureau-officer', '{MessageKinds.DeadlinesMoved}', u.data::jsonb, u.message_id, 'Pending', 0, @now, @now
            from unnest(@data, @message_ids) as u(data, message_id)
            """,
            Column("data", mails.Select(m => JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["bureauId"] = m.Key.ToString(CultureInfo.InvariantCulture),
                ["bureau"] = m.Value.Bureau,
                ["year"] = year.ToString(CultureInfo.InvariantCulture),
                ["notice"] = notice,
                ["count"] = m.Value.Lines.Count.ToString(CultureInfo.InvariantCulture),
                ["moved"] = string.Join("\n", m.Value.Lines),
            })), NpgsqlDbType.Text),
            Column("message_ids", mails.Keys.Select(b => $"<deadlines-moved-{year}-{b}-{stamp}@capacity-exit.workflow>"), NpgsqlDbType.Text),
            new NpgsqlParameter("now", now));
        var deadlines = history.Count;
        var firing = timerMoves.Count(m => m.Item.NewDueAt <= now);
        var summary = new YearArrivalSummary(year, instances.Count, movedCases, deadlines, timerMoves.Count, mails.Count, firing, failed);
        var record = new NpgsqlBatchCommand(
            """
            insert into capacity_exit.calendar_year_arrivals (year, notice, applied_at, applied_by, cases_moved, deadlines_moved, timers_moved, bureaus_mailed)
            values (@year, @notice, @now, @by, @cases, @deadlines, @timers, @bureaus)
            """);
        record.Parameters.AddWithValue("year", year);
        record.Parameters.AddWithValue("notice", notice.Length > 200 ? notice[..200] : notice);
        record.Parameters.AddWithValue("now", now);
        record.Parameters.AddWithValue("by", appliedBy.Length > 100 ? appliedBy[..100] : appliedBy);
        record.Parameters.AddWithValue("cases", movedCases);
        record.Parameters.AddWithValue("deadlines", deadlines);
        record.Parameters.AddWithValue("timers", timerMoves.Count);
        record.Parameters.AddWithValue("bureaus", mails.Count);
        batch.BatchCommands.Add(record);
        if (timerMoves.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"select pg_notify('{TransitionWriter.TimerChannel}', '')"));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await beforeCommit(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Year {Year} arrangement entered by {By}: {Summary}", year, appliedBy, summary.En);
        return summary;
    }

    private static void Add(NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        if (parameters[0].Value is System.Array { Length: 0 })
        {
            return; // nothing of this kind moved
        }

        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }

    private static NpgsqlParameter Column<T>(string name, IEnumerable<T> values, NpgsqlDbType type) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };

    /// <summary>The day a due time ends: a deadline due at 24:00 is its last day (民法典第二百零三条第二款).</summary>

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Title(WorkflowDefinition definition, RescheduledItem item)
    {
        var slash = item.Key.IndexOf('/', StringComparison.Ordinal);
        var owner = slash < 0 ? "" : item.Key[..slash];
        var state = definition.States.GetValueOrDefault(owner);
        return item.IsTask
            ? state?.Tasks.FirstOrDefault(t => t.Name == item.Kind)?.Title ?? item.Kind
            : (state?.Timers ?? definition.CaseTimers).FirstOrDefault(t => t.Name == item.Kind)?.Title ?? item.Kind;
    }
}
