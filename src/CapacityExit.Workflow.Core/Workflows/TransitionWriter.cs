using System.Text.Json;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Workflows;
using Npgsql;
using NpgsqlTypes;
using static CapacityExit.Workflow.Core.Workflows.WorkflowStore;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>
/// Collects what a set of transitions changes and writes it as one batch of set-based statements (one per
/// table, however many cases), inside the caller's transaction. Nothing is written until <see cref="Flush"/>;
/// nothing is visible until the caller commits. A transition and all it schedules or sends commit together.
/// </summary>
public sealed class TransitionWriter(DateTimeOffset now, string actorHost)
{
    public const string TimerChannel = "capacity_exit_timers";

    private readonly DateTimeOffset _now = now.ToUniversalTime();
    private readonly List<(long CaseId, string ProfileId, WorkflowInstanceState State)> _started = [];
    private readonly Dictionary<long, (WorkflowInstanceState State, bool Finished)> _instances = [];
    private readonly List<long> _firedTimerIds = [];
    private readonly List<long> _failedTimerIds = [];
    private readonly List<long> _failedCaseIds = [];
    private readonly List<(long CaseId, string Key)> _cancelled = [];
    private readonly List<(long CaseId, OpenTimer Timer)> _newTimers = [];
    private readonly List<(long CaseId, string Key, WorkTaskStatus Status, string? Outcome, string By)> _closedTasks = [];
    private readonly List<(long CaseId, OpenTask Task)> _newTasks = [];
    private readonly List<(long CaseId, HistoryEntry Entry, int Version, TimeSpan? LateBy)> _history = [];
    private readonly List<(long CaseId, OutgoingMessage Message)> _outbox = [];
    private readonly Dictionary<long, CaseStatus> _caseStatus = [];
    private readonly Dictionary<long, WorkflowInstanceState?> _before = [];

    public int TransitionCount { get; private set; }

    /// <summary>
    /// The cases whose state before the batch is known (given to <see cref="Add"/>, or started here), as they end it: what
    /// the <see cref="ITransitionFollowUp"/>s look at.
    /// </summary>
    public IReadOnlyList<CaseMoved> Moved => _before
        .Select(b => new CaseMoved(b.Key, b.Value, _instances[b.Key].State, _instances[b.Key].Finished, _caseStatus.TryGetValue(b.Key, out var s) ? s : null))
        .ToList();

    public void MarkFired(long timerId) => _firedTimerIds.Add(timerId);

    /// <summary>
    /// A timer whose transition could not be computed: set aside as Failed with the reason in the case's history,
    /// so one broken case never holds back the rest of the batch (or of the country).
    /// </summary>
    public void MarkFailed(long timerId, long caseId, string timerKey, string state, int version, string reason)
    {
        _failedTimerIds.Add(timerId);
        _failedCaseIds.Add(caseId);
        var why = reason.Length > 1900 ? reason[..1900] : reason;
        _history.Add((caseId, new HistoryEntry(_now, "system:timer", "定时器无法触发 / timer could not fire", why, timerKey, null, state, state), version, null));
    }

    /// <summary>A new instance: inserted first, then the start transition's effects follow like any other.</summary>
    public void AddStart(long caseId, string profileId, TransitionResult start, bool finished, CaseStatus? caseStatus, string actor)
    {
        _started.Add((caseId, profileId, start.NewState));
        _before.TryAdd(caseId, null);
        Add(caseId, start, finished, caseStatus, actor);
    }

    /// <summary>
    /// Adds one transition's effects. Transitions of one case must be added in the order they happened. Give
    /// <paramref name="before"/> (the state the transition left) for the follow-ups to see the move (<see cref="Moved"/>).
    /// </summary>
    public void Add(long caseId, TransitionResult result, bool finished, CaseStatus? caseStatus, string actor,
        TimeSpan? lateBy = null, string? completedTaskKey = null, string? taskOutcome = null, WorkflowInstanceState? before = null)
    {
        TransitionCount++;
        if (before is not null)
        {
            _before.TryAdd(caseId, before);
        }

        _instances[caseId] = (result.NewState, finished);
        foreach (var key in result.TimersCancelled)
        {
            // A timer scheduled earlier in this same batch never reached the table: drop it instead.
            if (_newTimers.RemoveAll(t => t.CaseId == caseId && t.Timer.Key == key) == 0)
            {
                _cancelled.Add((caseId, key));
            }
        }

        _newTimers.AddRange(result.TimersScheduled.Select(t => (caseId, t)));
        foreach (var key in result.TasksClosed)
        {
            if (_newTasks.RemoveAll(t => t.CaseId == caseId && t.Task.Key == key) == 0)
            {
                var done = key == completedTaskKey;
                _closedTasks.Add((caseId, key, done ? WorkTaskStatus.Completed : WorkTaskStatus.Cancelled, done ? taskOutcome : null, actor));
            }
        }

        _newTasks.AddRange(result.TasksOpened.Select(t => (caseId, t)));
        _history.AddRange(result.History.Select(h => (caseId, h, result.NewState.Version, h.TimerKey is null ? null : lateBy)));
        _outbox.AddRange(result.Messages.Select(m => (caseId, m)));
        if (caseStatus is { } status)
        {
            _caseStatus[caseId] = status;
        }
    }

    /// <summary>Appends the statements to <paramref name="batch"/>; the caller executes it in its transaction.</summary>
    public void Flush(NpgsqlBatch batch)
    {
        if (_started.Count > 0)
        {
            Command(batch, """
                insert into capacity_exit.workflow_instances (case_id, definition_id, version, profile_id, state, variables, started_at, updated_at, revision)
                select u.case_id, u.definition_id, u.version, u.profile_id, u.state, '{}'::jsonb, @now, @now, 0
                from unnest(@case_ids, @definitions, @versions, @profiles, @states) as u(case_id, definition_id, version, profile_id, state)
                """,
                Array("case_ids", _started.Select(s => s.CaseId), NpgsqlDbType.Bigint),
                Array("definitions", _started.Select(s => s.State.DefinitionId), NpgsqlDbType.Text),
                Array("versions", _started.Select(s => s.State.Version), NpgsqlDbType.Integer),
                Array("profiles", _started.Select(s => s.ProfileId), NpgsqlDbType.Text),
                Array("states", _started.Select(s => s.State.State), NpgsqlDbType.Text));
        }

        if (_firedTimerIds.Count > 0)
        {
            Command(batch, "update capacity_exit.workflow_timers set status = 'Fired', fired_at = @now, fired_by = @by where id = any(@ids)",
                Array("ids", _firedTimerIds, NpgsqlDbType.Bigint), new NpgsqlParameter("by", actorHost));
        }

        if (_failedTimerIds.Count > 0)
        {
            Command(batch, "update capacity_exit.workflow_timers set status = 'Failed', fired_at = @now, fired_by = @by where id = any(@ids)",
                Array("ids", _failedTimerIds, NpgsqlDbType.Bigint), new NpgsqlParameter("by", actorHost));
        }

        if (_cancelled.Count > 0)
        {
            Command(batch, """
                update capacity_exit.workflow_timers t set status = 'Cancelled', cancelled_at = @now
                from unnest(@case_ids, @keys) as u(case_id, key)
                where t.case_id = u.case_id and t.key = u.key and t.status = 'Pending'
                """,
                Array("case_ids", _cancelled.Select(c => c.CaseId), NpgsqlDbType.Bigint),
                Array("keys", _cancelled.Select(c => c.Key), NpgsqlDbType.Text));
        }

        if (_newTimers.Count > 0)
        {
            Command(batch, """
                insert into capacity_exit.workflow_timers (case_id, key, kind, due_at, recipient_role, owner_state, payload, is_deadline, status, created_at)
                select u.case_id, u.key, u.kind, u.due_at, u.role, u.owner, u.payload, u.is_deadline, 'Pending', @now
                from unnest(@case_ids, @keys, @kinds, @due, @roles, @owners, @payloads, @deadlines) as u(case_id, key, kind, due_at, role, owner, payload, is_deadline)
                """,
                Array("case_ids", _newTimers.Select(t => t.CaseId), NpgsqlDbType.Bigint),
                Array("keys", _newTimers.Select(t => t.Timer.Key), NpgsqlDbType.Text),
                Array("kinds", _newTimers.Select(t => t.Timer.Kind), NpgsqlDbType.Text),
                Array("due", _newTimers.Select(t => t.Timer.DueAt.ToUniversalTime()), NpgsqlDbType.TimestampTz),
                Array("roles", _newTimers.Select(t => t.Timer.RecipientRole), NpgsqlDbType.Text),
                Array("owners", _newTimers.Select(t => t.Timer.OwnerState), NpgsqlDbType.Text),
                Array("payloads", _newTimers.Select(t => t.Timer.Payload), NpgsqlDbType.Text),
                Array("deadlines", _newTimers.Select(t => t.Timer.IsDeadline), NpgsqlDbType.Boolean));
            // Delivered at commit: wakes every dispatcher, which then looks for newly due timers.
            Command(batch, $"select pg_notify('{TimerChannel}', '')");
        }

        // After the timer statements: the instance row keeps its next deadline, read from the timers as they now are.
        if (_instances.Count > 0)
        {
            var rows = _instances.ToList();
            Command(batch, """
                update capacity_exit.workflow_instances i
                set state = u.state, variables = u.variables::jsonb, version = u.version, updated_at = @now,
                    finished_at = case when u.finished then coalesce(i.finished_at, @now) else null end, revision = i.revision + 1,
                    next_deadline_at = capacity_exit.next_deadline(i.case_id)
                from unnest(@case_ids, @states, @variables, @versions, @finished) as u(case_id, state, variables, version, finished)
                where i.case_id = u.case_id
                """,
                Array("case_ids", rows.Select(r => r.Key), NpgsqlDbType.Bigint),
                Array("states", rows.Select(r => r.Value.State.State), NpgsqlDbType.Text),
                Array("variables", rows.Select(r => JsonSerializer.Serialize(r.Value.State.Variables)), NpgsqlDbType.Text),
                Array("versions", rows.Select(r => r.Value.State.Version), NpgsqlDbType.Integer),
                Array("finished", rows.Select(r => r.Value.Finished), NpgsqlDbType.Boolean));
        }

        // A case whose timer failed has no transition (no instance update above): its next deadline is refreshed alone.
        var failedOnly = _failedCaseIds.Where(id => !_instances.ContainsKey(id)).Distinct().ToList();
        if (failedOnly.Count > 0)
        {
            Command(batch, "select capacity_exit.refresh_next_deadlines(@case_ids)", Array("case_ids", failedOnly, NpgsqlDbType.Bigint));
        }

        if (_closedTasks.Count > 0)
        {
            Command(batch, """
                update capacity_exit.workflow_tasks t set status = u.status, outcome = u.outcome, closed_by = u.by, closed_at = @now
                from unnest(@case_ids, @keys, @statuses, @outcomes, @bys) as u(case_id, key, status, outcome, by)
                where t.case_id = u.case_id and t.key = u.key and t.status = 'Open'
                """,
                Array("case_ids", _closedTasks.Select(t => t.CaseId), NpgsqlDbType.Bigint),
                Array("keys", _closedTasks.Select(t => t.Key), NpgsqlDbType.Text),
                Array("statuses", _closedTasks.Select(t => t.Status.ToString()), NpgsqlDbType.Text),
                Array("outcomes", _closedTasks.Select(t => t.Outcome), NpgsqlDbType.Text),
                Array("bys", _closedTasks.Select(t => t.By), NpgsqlDbType.Text));
        }

        if (_newTasks.Count > 0)
        {
            Command(batch, """
                insert into capacity_exit.workflow_tasks (case_id, key, kind, assignee_role, due_at, owner_state, status, created_at)
                select u.case_id, u.key, u.kind, u.role, u.due_at, u.owner, 'Open', @now
                from unnest(@case_ids, @keys, @kinds, @roles, @due, @owners) as u(case_id, key, kind, role, due_at, owner)
                """,
                Array("case_ids", _newTasks.Select(t => t.CaseId), NpgsqlDbType.Bigint),
                Array("keys", _newTasks.Select(t => t.Task.Key), NpgsqlDbType.Text),
                Array("kinds", _newTasks.Select(t => t.Task.Kind), NpgsqlDbType.Text),
                Array("roles", _newTasks.Select(t => t.Task.AssigneeRole), NpgsqlDbType.Text),
                Array("due", _newTasks.Select(t => t.Task.DueAt.ToUniversalTime()), NpgsqlDbType.TimestampTz),
                Array("owners", _newTasks.Select(t => t.Task.OwnerState), NpgsqlDbType.Text));
        }

        if (_history.Count > 0)
        {
            Command(batch, """
                insert into capacity_exit.case_history (case_id, at, actor, what, why, timer_key, task_key, from_state, to_state, definition_version, late_by)
                select * from unnest(@case_ids, @ats, @actors, @whats, @whys, @timers, @tasks, @froms, @tos, @versions, @late)
                """,
                Array("case_ids", _history.Select(h => h.CaseId), NpgsqlDbType.Bigint),
                Array("ats", _history.Select(h => h.Entry.At.ToUniversalTime()), NpgsqlDbType.TimestampTz),
                Array("actors", _history.Select(h => h.Entry.Actor), NpgsqlDbType.Text),
                Array("whats", _history.Select(h => h.Entry.What), NpgsqlDbType.Text),
                Array("whys", _history.Select(h => h.Entry.Why), NpgsqlDbType.Text),
                Array("timers", _history.Select(h => h.Entry.TimerKey), NpgsqlDbType.Text),
                Array("tasks", _history.Select(h => h.Entry.TaskKey), NpgsqlDbType.Text),
                Array("froms", _history.Select(h => h.Entry.FromState), NpgsqlDbType.Text),
                Array("tos", _history.Select(h => h.Entry.ToState), NpgsqlDbType.Text),
                Array("versions", _history.Select(h => h.Version), NpgsqlDbType.Integer),
                Array("late", _history.Select(h => h.LateBy), NpgsqlDbType.Interval));
        }

        if (_outbox.Count > 0)
        {
            Command(batch, """
                insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at)
                select u.case_id, u.kind, u.role, u.template, u.data::jsonb, u.message_id, 'Pending', 0, @now, @now
                from unnest(@case_ids, @kinds, @roles, @templates, @data, @message_ids) as u(case_id, kind, role, template, data, message_id)
                """,
                Array("case_ids", _outbox.Select(o => o.CaseId), NpgsqlDbType.Bigint),
                Array("kinds", _outbox.Select(o => o.Message.Kind), NpgsqlDbType.Text),
                Array("roles", _outbox.Select(o => o.Message.RecipientRole), NpgsqlDbType.Text),
                Array("templates", _outbox.Select(o => o.Message.TemplateId), NpgsqlDbType.Text),
                Array("data", _outbox.Select(o => JsonSerializer.Serialize(o.Message.Data)), NpgsqlDbType.Text),
                Array("message_ids", _outbox.Select(_ => $"<{Guid.NewGuid():N}@capacity-exit.workflow>"), NpgsqlDbType.Text));
        }

        if (_caseStatus.Count > 0)
        {
            Command(batch, """
                update capacity_exit.cases c set status = u.status
                from unnest(@case_ids, @statuses) as u(id, status) where c.id = u.id
                """,
                Array("case_ids", _caseStatus.Keys, NpgsqlDbType.Bigint),
                Array("statuses", _caseStatus.Values.Select(s => s.ToString()), NpgsqlDbType.Text));
        }
    }

    private void Command(NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = _now });
        }

        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }
}
