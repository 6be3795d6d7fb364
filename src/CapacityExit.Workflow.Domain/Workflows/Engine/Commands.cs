namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// A person's command: find the transition it stands for in the current state, check its rules, move.
/// Refusals are <see cref="WorkflowRuleException"/>s with a stable code and a Chinese message.
/// </summary>
internal static class Commands
{
    public static TransitionResult Apply(WorkflowDefinition definition, Step step, WorkflowInstanceState state, CommandIssued command)
    {
        var current = definition.State(state.State);
        TransitionDefinition transition;
        OpenTask? task = null;
        if (command.Name == DefinitionValidator.CompleteTask)
        {
            (task, transition) = FindOutcome(current, step, command);
        }
        else
        {
            transition = current.On.Concat(definition.FromAnyOpenState).FirstOrDefault(t => t.Event == command.Name)
                ?? throw new WorkflowRuleException("event-not-allowed", $"案件处于“{current.Title}”阶段，不能执行“{command.Name}”",
                    $"'{command.Name}' is not allowed in state '{current.Name}'.");
        }

        var data = Guards.Check(step, current, transition, command);
        foreach (var (variable, source) in transition.Record)
        {
            step.Variables[variable] = source switch
            {
                "actor" => command.Actor.UserId,
                "today" => Resolver.Format(step.Today),
                "now" => step.Now.ToString("O"),
                _ => data[source["data.".Length..]],
            };
        }

        if (transition.Once)
        {
            step.Variables[Guards.OnceVariable(transition)] = step.Now.ToString("O");
        }

        foreach (var role in transition.Notify.SelectMany(step.Resolver.Roles).Distinct())
        {
            step.Send("notice", role, $"{definition.Id}/{transition.Event}", new Dictionary<string, string>(data) { ["by"] = command.Actor.UserId });
        }

        var what = task is null ? command.Name : $"{DefinitionValidator.CompleteTask} {task.Key}: {transition.Event}";
        var to = transition.To!;
        step.Record(new HistoryEntry(step.Now, command.Actor.UserId, what, command.Data.GetValueOrDefault("reason"), null, task?.Key, state.State, to));
        if (task is not null)
        {
            step.CloseTask(task);
        }

        step.MoveTo(to);
        return step.Build(state);
    }

    private static (OpenTask Task, TransitionDefinition Outcome) FindOutcome(StateDefinition current, Step step, CommandIssued command)
    {
        var name = command.Data.GetValueOrDefault("task")
            ?? throw new WorkflowRuleException("missing-field", "须指明要办结的任务（task）", "complete-task needs 'task'.");
        var task = step.Tasks.FirstOrDefault(t => t.Key == name || (t.Kind == name && t.OwnerState == current.Name))
            ?? throw new WorkflowRuleException("task-not-open", $"任务“{name}”不在待办中", $"Task '{name}' is not open.");
        var spec = current.Tasks.FirstOrDefault(t => t.Name == task.Kind)
            ?? throw new WorkflowRuleException("task-not-open", $"任务“{name}”不属于当前阶段", $"Task '{name}' does not belong to state '{current.Name}'.");
        var outcome = command.Data.GetValueOrDefault("outcome")
            ?? throw new WorkflowRuleException("missing-field", "须填写办理结果（outcome）", "complete-task needs 'outcome'.");
        var transition = spec.Outcomes.FirstOrDefault(o => o.Event == outcome)
            ?? throw new WorkflowRuleException("outcome-not-allowed",
                $"任务“{spec.Title}”的办理结果只能是：{string.Join("、", spec.Outcomes.Select(o => o.Event))}",
                $"Task '{spec.Name}' has no outcome '{outcome}' (allowed: {string.Join(", ", spec.Outcomes.Select(o => o.Event))}).");
        // An outcome without its own 'by' is for the task's assignee.
        return (task, transition.By.Count > 0 ? transition : transition with { By = [spec.Assignee] });
    }
}
