using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>
/// The loaded, validated definitions and profiles with the engine that runs them: what the dispatcher and the
/// case service call. Picks the version an instance started on, and says how a final state ends the case.
/// </summary>
public sealed class WorkflowRuntime(WorkflowCatalog catalog, HolidayCalendar calendar)
{
    /// <summary>Timers firing later than this after their due time say so in the case history.</summary>
    public static readonly TimeSpan NotableLateness = TimeSpan.FromMinutes(1);

    /// <summary>How many years past the calendar a case's dates may reach provisionally (a six-month period plus a three-month extension fits).</summary>
    public const int ProvisionalYears = 2;

    private volatile Days _days = Days.Of(calendar);

    public WorkflowCatalog Catalog => catalog;

    /// <summary>The holiday calendar as entered (the file's years); replaced whole by <see cref="UseCalendar"/>.</summary>
    public HolidayCalendar Calendar => _days.Calendar;

    /// <summary>The calendar the workflows count on: the covered years, then <see cref="ProvisionalYears"/> by the weekend rule.</summary>
    public HolidayCalendar WorkflowCalendar => _days.Workflow;

    /// <summary>
    /// Counts on <paramref name="updated"/> from now on (a year's arrangement entered while the host runs): every later
    /// transition, and every service that asks for the calendar afterwards, uses it. One reference is swapped, so a
    /// transition computes all its dates on one calendar or the other, never on both.
    /// </summary>
    public void UseCalendar(HolidayCalendar updated) => _days = Days.Of(updated);

    /// <summary>The calendar, its provisional extension and the engine counting on it, swapped together.</summary>
    private sealed record Days(HolidayCalendar Calendar, HolidayCalendar Workflow, WorkflowEngine Engine)
    {
        public static Days Of(HolidayCalendar calendar)
        {
            var workflow = calendar.WithProvisionalYears(ProvisionalYears);
            return new(calendar, workflow, new WorkflowEngine(workflow));
        }
    }

    public TransitionResult Start(string definitionId, string profileId, CaseFacts facts, DateTimeOffset now, out bool finished, out CaseStatus? caseStatus)
    {
        var definition = catalog.Latest(definitionId);
        var result = NoteProvisional(_days.Engine.Start(definition, catalog.Profile(profileId), facts, now));
        (finished, caseStatus) = Ending(definition, result.NewState.State);
        return result;
    }

    /// <summary>Applies an event to an instance on the version it started on; null when the engine finds nothing to do.</summary>
    public TransitionResult? Apply(LoadedInstance instance, WorkflowEvent e, DateTimeOffset now, out bool finished, out CaseStatus? caseStatus)
    {
        var definition = catalog.Get(instance.State.DefinitionId, instance.State.Version);
        var result = _days.Engine.Apply(definition, catalog.Profile(instance.ProfileId), instance.State, e, now);
        (finished, caseStatus) = Ending(definition, result.NewState.State);
        return result.IsNoOp ? null : NoteProvisional(result);
    }

    /// <summary>What <paramref name="actor"/> may do on the instance now (see <see cref="AvailableActions"/>).</summary>
    public IReadOnlyList<AvailableAction> ActionsFor(LoadedInstance instance, Actor actor, DateTimeOffset now) =>
        instance.Finished
            ? []
            : AvailableActions.For(catalog.Get(instance.State.DefinitionId, instance.State.Version), catalog.Profile(instance.ProfileId), instance.State,
                actor, now, Calendar);

    /// <summary>After downtime a timer fires late: the history says by how much, so nobody mistakes it for the due day.</summary>
    public TransitionResult NoteLateness(TransitionResult result, TimeSpan lateBy)
    {
        if (lateBy < NotableLateness)
        {
            return result;
        }

        var note = $"到期后迟{Describe(lateBy)}触发（停机或积压期间到期） / fired {lateBy.TotalMinutes:0} min after its due time (downtime or backlog)";
        return result with
        {
            History = result.History.Select(h => h.TimerKey is null ? h : h with { Why = h.Why is null ? note : $"{h.Why}；{note}" }).ToList(),
        };
    }

    /// <summary>
    /// A date in a year the holiday calendar does not cover yet was computed by the weekday rule alone: the case's
    /// history says so, naming the year, so nobody takes it for final (DOMAIN.md: never silently).
    /// </summary>
    private TransitionResult NoteProvisional(TransitionResult result)
    {
        var years = result.TimersScheduled.Select(t => t.DueAt).Concat(result.TasksOpened.Select(t => t.DueAt))
            .Select(d => ChinaTime.LastDayEndingAt(d).Year)
            .Where(y => !Calendar.Covers(y)).Distinct().Order().ToList();
        if (years.Count == 0 || result.History.Count == 0)
        {
            return result;
        }

        var note = $"{ProvisionalDates.Zh(years)} / {ProvisionalDates.En(years)}";
        var first = result.History[0];
        return result with { History = [first with { Why = first.Why is null ? note : $"{first.Why}；{note}" }, .. result.History.Skip(1)] };
    }

    private static (bool Finished, CaseStatus? Status) Ending(WorkflowDefinition definition, string state) =>
        definition.State(state).Final switch
        {
            CaseOutcome.Compliant => (true, CaseStatus.Compliant),
            CaseOutcome.Exited => (true, CaseStatus.Exited),
            CaseOutcome.Withdrawn => (true, CaseStatus.Withdrawn),
            _ => (false, null),
        };

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}天{span.Hours}小时"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}小时{span.Minutes}分"
        : $"{(int)span.TotalMinutes}分钟";
}
