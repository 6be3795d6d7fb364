namespace CapacityExit.Workflow.Domain.Workflows;

internal static partial class DefinitionValidator
{
    /// <summary>The states a state leads to by its own events, task outcomes and timers (not the from-any-open-state ones).</summary>
    internal static IEnumerable<string> Successors(StateDefinition s) =>
        AllTransitions(s).Select(t => t.To).Concat(s.Timers.Select(t => t.Then)).OfType<string>().Distinct();

    private static void CheckGraph(WorkflowDefinition d, List<DefinitionError> errors)
    {
        if (!d.States.ContainsKey(d.Initial))
        {
            return;
        }

        var global = d.FromAnyOpenState.Select(t => t.To).OfType<string>().Where(d.States.ContainsKey).ToList();
        var reached = new HashSet<string>(StringComparer.Ordinal) { d.Initial };
        var queue = new Queue<string>([d.Initial]);
        while (queue.Count > 0)
        {
            var state = d.States[queue.Dequeue()];
            var next = Successors(state).Where(d.States.ContainsKey);
            if (!state.IsFinal)
            {
                next = next.Concat(global);
            }

            foreach (var n in next.Where(reached.Add))
            {
                queue.Enqueue(n);
            }
        }

        foreach (var state in d.States.Values.Where(s => !reached.Contains(s.Name)))
        {
            errors.Add(state.At.Error($"unreachable state '{state.Name}': no path from '{d.Initial}' leads to it"));
        }

        // An open state must lead on by itself; withdrawal is for mistakes, not the way a case ends (each path
        // of the seeds ends in rectification or exit).
        var canEnd = d.States.Values.Where(s => s.IsFinal).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var s in d.States.Values.Where(s => !canEnd.Contains(s.Name) && Successors(s).Any(canEnd.Contains)))
            {
                changed |= canEnd.Add(s.Name);
            }
        }
        while (changed);

        foreach (var state in d.States.Values.Where(s => !s.IsFinal))
        {
            if (!Successors(state).Any())
            {
                errors.Add(state.At.Error($"open state '{state.Name}' has no way out: no event, task outcome or timer leads on"));
            }
            else if (!canEnd.Contains(state.Name))
            {
                errors.Add(state.At.Error($"open state '{state.Name}' never reaches a final state (compliant, exited or withdrawn) except by withdrawal"));
            }
        }
    }

    private static void CheckProfileReferences(WorkflowDefinition d, JurisdictionProfile profile, List<DefinitionError> errors, bool superseded)
    {
        void Role(RoleRef role, bool single, string what)
        {
            if (role.ProfileKey is not { } key)
            {
                if (role.Text.Length == 0)
                {
                    errors.Add(role.At.Error($"{what} names no role"));
                }

                return;
            }

            if (!profile.Roles.TryGetValue(key, out var roles))
            {
                errors.Add(role.At.Error($"{what}: profile '{profile.Id}' ({profile.File}) has no role '{key}'"));
            }
            else if (single && roles.RoleIds.Count != 1)
            {
                errors.Add(role.At.Error($"{what}: profile '{profile.Id}' gives {roles.RoleIds.Count} roles for '{key}', one is needed ({roles.At.File}:{roles.At.Line})"));
            }
        }

        void Period(ValueRef value, string what)
        {
            if (value.ProfileKey is not { } key)
            {
                return;
            }

            if (!profile.Periods.TryGetValue(key, out var period))
            {
                errors.Add(value.At.Error($"{what}: profile '{profile.Id}' ({profile.File}) has no period '{key}'"));
            }
            else if (!superseded && period.Text.StartsWith("var:", StringComparison.Ordinal) &&
                d.Variables.All(v => v.Name != period.Text[4..] || v.Type != VariableType.Period))
            {
                errors.Add(value.At.Error($"{what}: profile '{profile.Id}' leaves '{key}' to variable '{period.Text[4..]}', which this definition does not declare as a period"));
            }
        }

        void Transition(TransitionDefinition t)
        {
            foreach (var by in t.By)
            {
                Role(by, false, $"'by' of '{t.Event}'");
            }

            foreach (var n in t.Notify)
            {
                Role(n, false, $"'notify' of '{t.Event}'");
            }

            if (t.Extension is { } ext)
            {
                Period(ext.AtMost, $"'at-most' of '{t.Event}'");
            }
        }

        foreach (var timer in d.CaseTimers.Concat(d.States.Values.SelectMany(s => s.Timers)))
        {
            Role(timer.Recipient, true, $"the recipient of timer '{timer.Name}'");
            if (timer.Due is PeriodDue p)
            {
                Period(p.Period, $"the period of timer '{timer.Name}'");
            }
        }

        foreach (var state in d.States.Values)
        {
            foreach (var n in state.NotifyOnEntry)
            {
                Role(n, false, $"'notify' of state '{state.Name}'");
            }

            foreach (var task in state.Tasks)
            {
                Role(task.Assignee, true, $"the assignee of task '{task.Name}'");
                Role(task.EscalateTo, true, $"'escalate-to' of task '{task.Name}'");
                Period(task.Due, $"the due period of task '{task.Name}'");
            }

            foreach (var t in AllTransitions(state))
            {
                Transition(t);
            }
        }

        foreach (var t in d.FromAnyOpenState)
        {
            Transition(t);
        }
    }
}
