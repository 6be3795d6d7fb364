namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>The rules a command must pass before its transition happens.</summary>
internal static class Guards
{
    public static string OnceVariable(TransitionDefinition t) => $"{t.Event}.at";

    public static void Check(Step step, StateDefinition current, TransitionDefinition t, CommandIssued command)
    {
        var allowed = t.By.SelectMany(step.Resolver.Roles).ToHashSet(StringComparer.Ordinal);
        if (!command.Actor.Roles.Any(allowed.Contains))
        {
            throw new WorkflowRuleException("role-not-allowed", $"“{t.Title}”只能由以下角色办理：{string.Join("、", allowed)}",
                $"'{t.Event}' may be done by {string.Join(", ", allowed)}; {command.Actor.UserId} holds {string.Join(", ", command.Actor.Roles)}.");
        }

        foreach (var field in t.Requires.Where(f => string.IsNullOrWhiteSpace(command.Data.GetValueOrDefault(f))))
        {
            throw new WorkflowRuleException("missing-field", $"“{t.Title}”须填写“{field}”", $"'{t.Event}' needs '{field}'.");
        }

        if (t.NotBy is { } notBy && step.Variables.GetValueOrDefault(notBy) == command.Actor.UserId)
        {
            // Nobody decides their own request.
            throw new WorkflowRuleException("own-request", "不能审批本人提出的申请", $"{command.Actor.UserId} made this request and cannot decide it.");
        }

        if (t.ExtendsDeadline is { } deadline)
        {
            // 确需延长整改期限的，经申请可延长 (000 §三.5): an application made before the period has run out.
            var timer = step.Timers.FirstOrDefault(x => x.Key == $"{current.Name}/{deadline}");
            if (timer is null || step.Now >= timer.DueAt)
            {
                throw new WorkflowRuleException("extension-after-deadline", "整改期限已届满，不能再申请延期",
                    $"The deadline '{deadline}' has passed; an extension must be requested before it.");
            }
        }

        if (t.Once && step.Variables.ContainsKey(OnceVariable(t)))
        {
            throw new WorkflowRuleException("only-once", $"“{t.Title}”只能办理一次", $"'{t.Event}' may happen only once per case.");
        }

        if (t.Extension is { } ext)
        {
            CheckExtension(step, ext, command);
        }
    }

    /// <summary>
    /// 可延长不超过3个月 (000 §三.5, 001 §三.(三).1, 002 §二.(二).1): the new last day is recorded explicitly and
    /// lies after the original last day and no later than the original last day plus the maximum, counted as
    /// a legal period from it (rolled off rest days like any period).
    /// </summary>
    private static void CheckExtension(Step step, ExtensionRule ext, CommandIssued command)
    {
        var requested = Resolver.ParseDate(ext.Field, command.Data[ext.Field]);
        var original = step.Resolver.Date(ext.Of);
        var max = step.Calculator.Compute(original, step.Resolver.Period(ext.AtMost));
        if (requested <= original)
        {
            throw new WorkflowRuleException("extension-not-later", $"延期后的截止日（{Resolver.Format(requested)}）应晚于原截止日（{Resolver.Format(original)}）",
                $"The new last day {Resolver.Format(requested)} must be after the original last day {Resolver.Format(original)}.");
        }

        if (requested > max.LastDay)
        {
            throw new WorkflowRuleException("extension-too-long",
                $"延期不得超过{max.Period!.ToZh()}：最迟至{Resolver.Format(max.LastDay)}，申请至{Resolver.Format(requested)}",
                $"An extension may run at most {max.Period!.ToEn()} from {Resolver.Format(original)}, i.e. to {Resolver.Format(max.LastDay)}; {Resolver.Format(requested)} asked.");
        }
    }
}
