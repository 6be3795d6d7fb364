using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// Checks what a single file cannot show by its shape: states and timers that do not exist, states nobody
/// reaches, open states with no way out, final states with a way out, periods that do not parse, and
/// references to profile keys that some profile lacks.
/// </summary>
internal static partial class DefinitionValidator
{
    public const string CompleteTask = "complete-task";

    /// <param name="superseded">
    /// A version a newer one takes over at start-up (<c>migrates-from</c>): no case runs on it once the host has started, so
    /// a profile may leave a period to a variable only the newer version declares (湛江's quality cure, 003 §二.(三).3).
    /// </param>
    public static void Validate(WorkflowDefinition d, IReadOnlyList<JurisdictionProfile> profiles, List<DefinitionError> errors, bool superseded = false)
    {
        var file = d.File;
        var initialSpot = new Spot(file, 0, 0);
        if (!d.States.ContainsKey(d.Initial))
        {
            errors.Add(initialSpot.Error($"unknown state '{d.Initial}' named as 'initial'"));
        }

        var recorded = RecordedVariables(d);
        foreach (var t in d.FromAnyOpenState)
        {
            CheckTransition(d, t, "from any open state", recorded, errors);
        }

        foreach (var timer in d.CaseTimers)
        {
            CheckTimer(d, timer, recorded, errors);
            if (timer.Then is not null)
            {
                errors.Add(timer.ThenAt.Error($"case timer '{timer.Name}' cannot change the state ('then'); it runs beside every state"));
            }
        }

        foreach (var state in d.States.Values)
        {
            CheckState(d, state, recorded, errors);
        }

        CheckGraph(d, errors);
        foreach (var profile in profiles)
        {
            CheckProfileReferences(d, profile, errors, superseded);
        }
    }

    /// <summary>Variables the engine writes: a timer's 'record', a transition's 'record', and the case facts.</summary>
    private static HashSet<string> RecordedVariables(WorkflowDefinition d)
    {
        var set = d.Variables.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        set.Add("findingDate");
        foreach (var state in d.States.Values)
        {
            set.UnionWith(state.Timers.Where(t => t.RecordAs is not null).Select(t => t.RecordAs!));
            set.UnionWith(AllTransitions(state).SelectMany(t => t.Record.Keys));
        }

        set.UnionWith(d.FromAnyOpenState.SelectMany(t => t.Record.Keys));
        return set;
    }

    internal static IEnumerable<TransitionDefinition> AllTransitions(StateDefinition s) => s.On.Concat(s.Tasks.SelectMany(t => t.Outcomes));

    private static void CheckState(WorkflowDefinition d, StateDefinition state, HashSet<string> recorded, List<DefinitionError> errors)
    {
        foreach (var timer in state.Timers)
        {
            CheckTimer(d, timer, recorded, errors);
            if (timer.Then is not null && !d.States.ContainsKey(timer.Then))
            {
                errors.Add(timer.ThenAt.Error($"unknown state '{timer.Then}' after timer '{timer.Name}' of state '{state.Name}'"));
            }
        }

        foreach (var task in state.Tasks)
        {
            CheckPeriod(d, task.Due, $"the due period of task '{task.Name}'", errors);
            if (task.DueBefore is { } before && !recorded.Contains(before))
            {
                errors.Add(task.At.Error($"task '{task.Name}' is due before the date in variable '{before}', which nothing records"));
            }
        }

        if (state.Within is { } within)
        {
            CheckWithin(d, state, within, errors);
        }

        foreach (var t in state.On)
        {
            if (t.Event == CompleteTask)
            {
                errors.Add(t.At.Error($"'{CompleteTask}' is how task outcomes arrive; write the outcome under the task's 'outcomes'"));
            }

            if (d.FromAnyOpenState.Any(g => g.Event == t.Event))
            {
                errors.Add(t.At.Error($"event '{t.Event}' of state '{state.Name}' is also allowed from any open state; keep one"));
            }

            if (t.ExtendsDeadline is { } deadline && state.Timers.All(x => x.Name != deadline))
            {
                errors.Add(t.At.Error($"'extends-deadline' names timer '{deadline}', which state '{state.Name}' does not have"));
            }

            CheckTransition(d, t, $"state '{state.Name}'", recorded, errors);
        }

        foreach (var t in state.Tasks.SelectMany(task => task.Outcomes))
        {
            CheckTransition(d, t, $"state '{state.Name}'", recorded, errors);
        }

        if (state.IsFinal && (state.Timers.Count > 0 || state.Tasks.Count > 0 || state.On.Count > 0))
        {
            errors.Add(state.At.Error($"final state '{state.Name}' has outgoing transitions, timers or tasks; a final state ends the case"));
        }
    }

    private static void CheckTransition(WorkflowDefinition d, TransitionDefinition t, string where, HashSet<string> recorded, List<DefinitionError> errors)
    {
        if (t.To is null)
        {
            errors.Add(t.At.Error($"transition to nowhere: '{t.Event}' of {where} has no target state ('to')"));
        }
        else if (!d.States.ContainsKey(t.To))
        {
            errors.Add(t.ToAt.Error($"unknown state '{t.To}' as target of '{t.Event}' of {where}"));
        }

        if (t.NotBy is { } notBy && !recorded.Contains(notBy))
        {
            errors.Add(t.At.Error($"'not-by' names variable '{notBy}', which nothing records"));
        }

        if (t.Extension is { } ext)
        {
            // With 'or-period' either field will do, so neither is listed in 'requires'; the engine asks for one.
            if (ext.OrPeriod is null && !t.Requires.Contains(ext.Field))
            {
                errors.Add(ext.At.Error($"the extension field '{ext.Field}' must be listed in 'requires' of '{t.Event}'"));
            }

            if (!recorded.Contains(ext.Of))
            {
                errors.Add(ext.At.Error($"the extension is 'of' variable '{ext.Of}', which nothing records"));
            }

            CheckPeriod(d, ext.AtMost, $"'at-most' of the extension of '{t.Event}'", errors);
        }

        foreach (var source in t.Record.Values.Where(v => v.StartsWith("data.", StringComparison.Ordinal)))
        {
            var field = source["data.".Length..];
            if (!t.Requires.Contains(field) && field != t.Extension?.Field)
            {
                errors.Add(t.At.Error($"'{t.Event}' records {source}, which is not in its 'requires'"));
            }
        }
    }

    /// <summary>'within' names an open state this one is a step of (the extension review within the rectification).</summary>
    private static void CheckWithin(WorkflowDefinition d, StateDefinition state, string within, List<DefinitionError> errors)
    {
        if (!d.States.TryGetValue(within, out var outer))
        {
            errors.Add(state.At.Error($"state '{state.Name}' is 'within' unknown state '{within}'"));
        }
        else if (within == state.Name || outer.IsFinal || outer.Within is not null || state.IsFinal)
        {
            errors.Add(state.At.Error(
                $"state '{state.Name}' can be 'within' only an open state other than itself that is not itself within another, not '{within}'"));
        }
    }

    private static void CheckTimer(WorkflowDefinition d, TimerDefinition timer, HashSet<string> recorded, List<DefinitionError> errors)
    {
        switch (timer.Due)
        {
            case PeriodDue p:
                CheckPeriod(d, p.Period, $"the period of timer '{timer.Name}'", errors);
                if (p.From is not (PeriodDue.FindingDate or PeriodDue.Entered) && !recorded.Contains(p.From))
                {
                    errors.Add(timer.At.Error($"timer '{timer.Name}' counts 'from' '{p.From}': not finding-date, entered, or a recorded date variable"));
                }

                break;
            case DateDue dd when !recorded.Contains(dd.Variable):
                errors.Add(timer.At.Error($"timer '{timer.Name}' is due on the date in variable '{dd.Variable}', which nothing records"));
                break;
            case RecurringDue r:
                CheckRecurring(d, timer, r, errors);
                break;
        }

        if (timer.IfSet is { } ifSet && d.Variables.All(v => v.Name != ifSet))
        {
            errors.Add(timer.At.Error($"'if-set' names variable '{ifSet}', which is not declared under 'variables'"));
        }
    }

    private static void CheckRecurring(WorkflowDefinition d, TimerDefinition timer, RecurringDue r, List<DefinitionError> errors)
    {
        if (r.MonthlyDay is { } day)
        {
            if (day.Variable is { } v)
            {
                if (d.Variables.All(x => x.Name != v || x.Type != VariableType.DayOfMonth))
                {
                    errors.Add(day.At.Error($"'monthly-day' names variable '{v}', which is not declared with type day-of-month"));
                }
            }
            else if (!int.TryParse(day.Text, out var n) || n is < 1 or > 31)
            {
                errors.Add(day.At.Error($"'monthly-day' must be 1 to 31 or var:<name>, not '{day.Text}'"));
            }
        }
        else if (r.YearlyDates.Count == 0)
        {
            errors.Add(timer.At.Error($"recurring timer '{timer.Name}' has no dates"));
        }
    }

    internal static void CheckPeriod(WorkflowDefinition d, ValueRef value, string what, List<DefinitionError> errors)
    {
        if (value.ProfileKey is not null)
        {
            return; // checked against every profile
        }

        if (value.Variable is { } v)
        {
            if (d.Variables.All(x => x.Name != v || x.Type != VariableType.Period))
            {
                errors.Add(value.At.Error($"{what} names variable '{v}', which is not declared with type period"));
            }

            return;
        }

        try
        {
            PeriodExpression.Parse(value.Text);
        }
        catch (PeriodFormatException e)
        {
            errors.Add(value.At.Error($"{what} does not parse: {e.Message}"));
        }
    }
}
