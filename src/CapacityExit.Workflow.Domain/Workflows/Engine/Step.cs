using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// One transition being worked out: the instance as it changes, and everything scheduled, cancelled, opened,
/// closed, sent and recorded on the way. Entering a state schedules its timers, reminders and tasks; leaving it
/// cancels them, so a reminder is never sent for a step already done.
/// </summary>
internal sealed class Step
{
    private readonly WorkflowDefinition _definition;
    private readonly JurisdictionProfile _profile;
    private readonly HolidayCalendar _calendar;
    private readonly List<OpenTimer> _timers;
    private readonly List<OpenTask> _tasks;
    private readonly List<OpenTimer> _scheduled = [];
    private readonly List<string> _cancelled = [];
    private readonly List<OpenTask> _opened = [];
    private readonly List<string> _closed = [];
    private readonly List<OutgoingMessage> _messages = [];
    private readonly List<HistoryEntry> _history = [];

    public Step(WorkflowDefinition definition, JurisdictionProfile profile, HolidayCalendar calendar, WorkflowInstanceState state, DateTimeOffset now)
    {
        _definition = definition;
        _profile = profile;
        _calendar = calendar;
        State = state.State;
        Variables = new Dictionary<string, string>(state.Variables, StringComparer.Ordinal);
        _timers = [.. state.Timers];
        _tasks = [.. state.Tasks];
        Now = now;
    }

    public string State { get; private set; }

    public Dictionary<string, string> Variables { get; }

    public DateTimeOffset Now { get; }

    public DateOnly Today => ChinaTime.DayOf(Now);

    public IReadOnlyList<OpenTimer> Timers => _timers;

    public IReadOnlyList<OpenTask> Tasks => _tasks;

    public Resolver Resolver => new(_definition, _profile, Variables);

    public DeadlineCalculator Calculator => new(_calendar);

    /// <summary>Reminders due after this are scheduled (default: now). A recount (<see cref="DeadlineReplay"/>) places every one.</summary>
    public DateTimeOffset? RemindersFrom { get; init; }

    /// <summary>The deadline the last <see cref="Schedule"/> computed (null for a recurring timer): how its last day was reached.</summary>
    public DeadlineResult? LastComputed { get; private set; }

    public void RemoveFired(OpenTimer timer) => _timers.Remove(timer);

    public void Record(HistoryEntry entry) => _history.Add(entry);

    public void Send(string kind, string role, string template, Dictionary<string, string> data)
    {
        data.TryAdd("definition", $"{_definition.Id}.v{_definition.Version}");
        data.TryAdd("state", State);
        _messages.Add(new OutgoingMessage(kind, role, template, data));
    }

    /// <summary>
    /// Leaves the current state and enters <paramref name="target"/> (which may be the same state: then its timers
    /// and tasks start afresh). Only what stops being in force ends: moving into a step within the current state
    /// (the extension review within the rectification) keeps the current state's timers and tasks, and coming back
    /// out of it neither cancels nor schedules them again.
    /// </summary>
    public void MoveTo(string target)
    {
        var from = _definition.States.GetValueOrDefault(State);
        var state = _definition.State(target);
        var before = from?.InForce ?? [];
        var after = state.IsFinal ? [] : state.InForce;
        var leaving = target == State ? before : before.Except(after).ToList();
        var entering = target == State ? after : after.Except(before).ToList();
        Cancel(t => leaving.Contains(t.OwnerState));
        foreach (var task in _tasks.Where(t => leaving.Contains(t.OwnerState)).ToList())
        {
            _tasks.Remove(task);
            _closed.Add(task.Key);
        }

        State = target;
        if (state.IsFinal)
        {
            Cancel(_ => true); // the case's own timers (the kiln shutdown) end with the case
            return;
        }

        foreach (var role in state.NotifyOnEntry.SelectMany(Resolver.Roles).Distinct())
        {
            Send("notice", role, $"{_definition.Id}/{target}", []);
        }

        // The outer state first: a step within it may count from what the outer one records.
        foreach (var owner in entering.Reverse().Select(_definition.State))
        {
            foreach (var timer in owner.Timers)
            {
                Schedule(timer, owner.Name);
            }

            foreach (var task in owner.Tasks)
            {
                Open(task, owner.Name);
            }
        }
    }

    /// <summary>Schedules a timer (and the reminders before it, if it is a deadline).</summary>
    public void Schedule(TimerDefinition timer, string owner, DateTimeOffset? after = null)
    {
        if (timer.IfSet is { } ifSet && !Variables.ContainsKey(ifSet))
        {
            return;
        }

        var recipient = Resolver.Role(timer.Recipient);
        var key = $"{owner}/{timer.Name}";
        if (timer.Due is RecurringDue recurring)
        {
            // Occurrences missed while nobody fired timers are not made up: the next one is after now.
            var next = Occurrences(recurring).Next(after is { } a && a > Now ? a : Now);
            Add(new OpenTimer($"{key}@{Resolver.Format(ChinaTime.DayOf(next))}",
                timer.Name, next, recipient, owner, timer.Name));
            return;
        }

        var deadline = timer.Due switch
        {
            PeriodDue p => Calculator.Compute(
                p.From switch
                {
                    PeriodDue.FindingDate => Resolver.Date("findingDate"),
                    PeriodDue.Entered => Today,
                    var variable => Resolver.Date(variable),
                },
                Resolver.Period(p.Period),
                p.Roll),
            DateDue d => Calculator.FixedDate(Resolver.Date(d.Variable), d.Roll, d.Variable),
            _ => throw new InvalidOperationException($"unknown due rule {timer.Due}"),
        };
        if (timer.RecordAs is { } recordAs)
        {
            Variables[recordAs] = Resolver.Format(deadline.LastDay);
        }

        LastComputed = deadline;
        Add(new OpenTimer(key, timer.Name, deadline.EndsAt, recipient, owner, Resolver.Format(deadline.LastDay), IsDeadline: true));
        if (!timer.Reminders)
        {
            return;
        }

        foreach (var offset in _profile.ReminderWorkingDaysBefore)
        {
            // "N working days before" the last day; 0 is the morning of the last day itself.
            var day = _calendar.AddWorkingDays(deadline.LastDay, -offset);
            var due = ChinaTime.StartOfDay(day).Add(_profile.ReminderAt.ToTimeSpan());
            if (due > (RemindersFrom ?? Now) && due < deadline.EndsAt)
            {
                Add(new OpenTimer($"{key}/reminder-{offset}wd", "reminder", due, recipient, owner, Resolver.Format(deadline.LastDay)));
            }
        }
    }

    public Recurrence Occurrences(RecurringDue r) => r.MonthlyDay is { } day
        ? Recurrence.Monthly(Resolver.DayOfMonth(day), r.At)
        : Recurrence.Yearly(r.YearlyDates, r.At);

    public void Add(OpenTimer timer)
    {
        _timers.Add(timer);
        _scheduled.Add(timer);
    }

    public void CloseTask(OpenTask task)
    {
        _tasks.Remove(task);
        _closed.Add(task.Key);
        Cancel(t => t.Key == $"{task.Key}/escalation");
    }

    public TransitionResult Build(WorkflowInstanceState before) => new(
        before with { State = State, Variables = Variables, Timers = _timers.ToList(), Tasks = _tasks.ToList() },
        _scheduled.ToList(),
        _cancelled.ToList(),
        _opened.ToList(),
        _closed.ToList(),
        _messages.ToList(),
        _history.ToList());

    private void Open(TaskDefinition task, string owner)
    {
        var due = TaskDeadline(task);
        var open = new OpenTask($"{owner}/{task.Name}", task.Name, Resolver.Role(task.Assignee), due.EndsAt, owner);
        _tasks.Add(open);
        _opened.Add(open);
        Add(new OpenTimer($"{open.Key}/escalation", "task-escalation", due.EndsAt, Resolver.Role(task.EscalateTo), owner, open.Key));
        Send("task-assigned", open.AssigneeRole, $"{_definition.Id}/{task.Name}",
            new() { ["task"] = open.Key, ["dueLastDay"] = Resolver.Format(due.LastDay) });
    }

    /// <summary>A task opened today is due by this day (its period, or earlier where it must be decided before a day).</summary>
    public DeadlineResult TaskDeadline(TaskDefinition task)
    {
        var due = Calculator.Compute(Today, Resolver.Period(task.Due));
        if (task.DueBefore is { } variable && Variables.ContainsKey(variable))
        {
            // Decided before that day runs out (the extension review before the original last day, 000 §三.5:
            // the original period stays in force until an extension is approved): the last working day before it,
            // or today when the request came on that day itself.
            var latest = _calendar.AddWorkingDays(Resolver.Date(variable), -1);
            var dueDay = latest < Today ? Today : latest;
            if (dueDay < due.LastDay)
            {
                due = Calculator.FixedDate(dueDay, rollOffRestDays: false, variable);
            }
        }

        return due;
    }

    private void Cancel(Func<OpenTimer, bool> which)
    {
        foreach (var timer in _timers.Where(which).ToList())
        {
            _timers.Remove(timer);
            // A timer scheduled within this same step never existed outside it: drop it silently.
            if (!_scheduled.Remove(timer))
            {
                _cancelled.Add(timer.Key);
            }
        }
    }
}
