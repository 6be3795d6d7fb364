using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <param name="Extension">When set, an extension is requested before the deadline it extends and approved for exactly this period from the original last day.</param>
/// <param name="Horizon">Nothing due after this instant fires; default: the end of the calendar's last covered year.</param>
public sealed record SimulationOptions(PeriodExpression? Extension = null, DateTimeOffset? Horizon = null, int MaxSteps = 1000);

/// <summary>
/// One timer that fired. Day is the Beijing calendar day it stands for: a deadline due at 00:00 is the end
/// (24:00) of its last day, so it is shown on that last day (民法典第二百零三条第二款), not on the next morning.
/// </summary>
public sealed record ForecastLine(DateTimeOffset DueAt, DateOnly Day, string Kind, string RecipientRole, string TimerKey)
{
    public static DateOnly DayOf(DateTimeOffset at) => ChinaTime.LastDayEndingAt(at);

    public string ToLine() => $"{Resolver.Format(Day)}\t{Kind}\t{RecipientRole}";
}

public sealed record SimulationResult(IReadOnlyList<ForecastLine> Fired, WorkflowInstanceState Final, IReadOnlyList<HistoryEntry> History, string? Stopped);

/// <summary>
/// Runs a case on the real definitions and a virtual clock, with nobody acting (tasks escalate) except an
/// optional extension: what would fire, and when. No database; the engine is the one that runs cases.
/// </summary>
public sealed class CaseSimulator(HolidayCalendar calendar)
{
    private const string Applicant = "simulated-applicant";
    private const string Approver = "simulated-approver";
    private readonly WorkflowEngine _engine = new(calendar);

    public SimulationResult Run(WorkflowDefinition definition, JurisdictionProfile profile, CaseFacts facts, SimulationOptions? options = null)
    {
        options ??= new SimulationOptions();
        var horizon = options.Horizon ?? ChinaTime.StartOfDay(new DateOnly(calendar.CoveredYears.Max() + 1, 1, 1));
        // The case is opened on the finding day during office hours.
        var now = ChinaTime.StartOfDay(facts.FindingDate).AddHours(9);
        var history = new List<HistoryEntry>();
        var fired = new List<ForecastLine>();
        var state = Take(_engine.Start(definition, profile, facts, now), history);
        var extended = options.Extension is null;
        try
        {
            for (var steps = 0; steps < options.MaxSteps; steps++)
            {
                if (definition.State(state.State).IsFinal)
                {
                    return new(fired, state, history, null);
                }

                var next = state.Timers.OrderBy(t => t.DueAt).ThenBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault();
                if (next is null)
                {
                    return new(fired, state, history, "nothing more is due: the case waits for a person");
                }

                if (next.DueAt > horizon)
                {
                    return new(fired, state, history, $"next timer {next.Key} is due after the horizon {horizon:yyyy-MM-dd}");
                }

                var request = extended ? null : definition.State(state.State).On.FirstOrDefault(t => t.ExtendsDeadline is { } d && next.Key == $"{state.State}/{d}");
                if (request is not null)
                {
                    // Applied for on the last day, before the period runs out (000 §三.5: 经申请可延长).
                    now = Max(now, next.DueAt.AddHours(-12));
                    state = Extend(definition, profile, state, request, options.Extension!, now, history);
                    extended = true;
                    continue;
                }

                now = Max(now, next.DueAt);
                var result = _engine.Apply(definition, profile, state, new TimerFired(next.Key, next.DueAt), now);
                fired.Add(new ForecastLine(next.DueAt, ForecastLine.DayOf(next.DueAt), next.Kind, next.RecipientRole, next.Key));
                state = Take(result, history);
            }

            return new(fired, state, history, $"stopped after {options.MaxSteps} steps");
        }
        catch (YearNotCoveredException e)
        {
            return new(fired, state, history, e.Message);
        }
    }

    private WorkflowInstanceState Extend(WorkflowDefinition definition, JurisdictionProfile profile, WorkflowInstanceState state,
        TransitionDefinition request, PeriodExpression period, DateTimeOffset now, List<HistoryEntry> history)
    {
        var resolver = new Resolver(definition, profile, state.Variables);
        var applicant = new Actor(Applicant, request.By.SelectMany(resolver.Roles).ToList());
        state = Take(_engine.Apply(definition, profile, state, new CommandIssued(request.Event, applicant, Data(request, state, period)), now), history);
        var approve = definition.State(state.State).On.FirstOrDefault(t => t.Extension is not null)
            ?? throw new InvalidOperationException($"{definition.Id}: state '{state.State}' has no event that grants an extension");
        var approver = new Actor(Approver, approve.By.SelectMany(new Resolver(definition, profile, state.Variables).Roles).ToList());
        return Take(_engine.Apply(definition, profile, state, new CommandIssued(approve.Event, approver, Data(approve, state, period)), now), history);
    }

    /// <summary>What a simulated person fills in: the extended last day where the rule asks for one, "simulated" elsewhere.</summary>
    private Dictionary<string, string> Data(TransitionDefinition t, WorkflowInstanceState state, PeriodExpression period)
    {
        var data = t.Requires.ToDictionary(f => f, _ => "simulated", StringComparer.Ordinal);
        if (t.Extension is { } rule)
        {
            var newLastDay = new DeadlineCalculator(calendar).Compute(Resolver.ParseDate(rule.Of, state.Variables[rule.Of]), period).LastDay;
            data[rule.Field] = Resolver.Format(newLastDay);
        }

        return data;
    }

    private static WorkflowInstanceState Take(TransitionResult result, List<HistoryEntry> history)
    {
        history.AddRange(result.History);
        return result.NewState;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
