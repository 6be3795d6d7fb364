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

    private readonly WorkflowEngine _engine = new(calendar.WithProvisionalYears(ProvisionalYears));

    public WorkflowCatalog Catalog => catalog;

    public HolidayCalendar Calendar => calendar;

    public TransitionResult Start(string definitionId, string profileId, CaseFacts facts, DateTimeOffset now, out bool finished, out CaseStatus? caseStatus)
    {
        var definition = catalog.Latest(definitionId);
        var result = NoteProvisional(_engine.Start(definition, catalog.Profile(profileId), facts, now));
        (finished, caseStatus) = Ending(definition, result.NewState.State);
        return result;
    }

    /// <summary>Applies an event to an instance on the version it started on; null when the engine finds nothing to do.</summary>
    public TransitionResult? Apply(LoadedInstance instance, WorkflowEvent e, DateTimeOffset now, out bool finished, out CaseStatus? caseStatus)
    {
        var definition = catalog.Get(instance.State.DefinitionId, instance.State.Version);
        var result = _engine.Apply(definition, catalog.Profile(instance.ProfileId), instance.State, e, now);
        (finished, caseStatus) = Ending(definition, result.NewState.State);
        return result.IsNoOp ? null : NoteProvisional(result);
    }

    /// <summary>What <paramref name="actor"/> may do on the instance now (see <see cref="AvailableActions"/>).</summary>
    public IReadOnlyList<AvailableAction> ActionsFor(LoadedInstance instance, Actor actor, DateTimeOffset now) =>
        instance.Finished
            ? []
            : AvailableActions.For(catalog.Get(instance.State.DefinitionId, instance.State.Version), catalog.Profile(instance.ProfileId), instance.State,
                actor, now, calendar);

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
            .Select(d => TimeZoneInfo.ConvertTime(d, ChinaTime.Zone).AddTicks(-1).Year)
            .Where(y => !calendar.Covers(y)).Distinct().Order().ToList();
        if (years.Count == 0 || result.History.Count == 0)
        {
            return result;
        }

        var list = string.Join("、", years);
        var note = $"暂定：{list}年放假安排尚未录入，相关期限按普通周末规则计算，录入后须复核 / provisional: no holiday arrangement for {list} yet";
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
