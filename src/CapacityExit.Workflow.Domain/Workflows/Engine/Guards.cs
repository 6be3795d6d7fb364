using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>The rules a command must pass before its transition happens.</summary>
internal static class Guards
{
    public static string OnceVariable(TransitionDefinition t) => $"{t.Event}.at";

    /// <summary>
    /// Checks who acts and whether the case allows it now, then every field of the data, all fields at once.
    /// Returns the data the transition records: the command's, with an extension asked as a period written
    /// as the last day it comes to.
    /// </summary>
    public static Dictionary<string, string> Check(Step step, StateDefinition current, TransitionDefinition t, CommandIssued command)
    {
        var allowed = t.By.SelectMany(step.Resolver.Roles).ToHashSet(StringComparer.Ordinal);
        if (!command.Actor.Roles.Any(allowed.Contains))
        {
            throw new WorkflowRuleException("role-not-allowed", $"“{t.Title}”只能由以下角色办理：{string.Join("、", allowed)}",
                $"'{t.Event}' may be done by {string.Join(", ", allowed)}; {command.Actor.UserId} holds {string.Join(", ", command.Actor.Roles)}.");
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

        var data = command.Data.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var problems = new List<FieldProblem>();
        foreach (var field in t.Requires.Where(f => string.IsNullOrWhiteSpace(command.Data.GetValueOrDefault(f))))
        {
            problems.Add(new FieldProblem(field, "missing-field", $"“{t.Title}”须填写“{Title(t, field)}”", $"'{t.Event}' needs '{field}'."));
        }

        if (t.Extension is { } ext && CheckExtension(step, t, ext, data) is { } problem)
        {
            problems.Add(problem);
        }

        return problems.Count == 0 ? data : throw WorkflowRuleException.Of(problems);
    }

    private static string Title(TransitionDefinition t, string field) =>
        t.FieldTitles.TryGetValue(field, out var title) && title != field ? $"{title}（{field}）" : field;

    /// <summary>
    /// 可延长不超过3个月 (000 §三.5, 001 §三.(三).1, 002 §二.(二).1): the new last day is recorded explicitly and
    /// lies after the original last day and no later than the original last day plus the maximum, counted as
    /// a legal period from it (rolled off rest days like any period). A request may name the period instead:
    /// it is counted from the original last day the same way.
    /// </summary>
    private static FieldProblem? CheckExtension(Step step, TransitionDefinition t, ExtensionRule ext, Dictionary<string, string> data)
    {
        var original = step.Resolver.Date(ext.Of);
        var max = step.Calculator.Compute(original, step.Resolver.Period(ext.AtMost));
        var dayText = data.GetValueOrDefault(ext.Field);
        var periodText = ext.OrPeriod is { } p ? data.GetValueOrDefault(p) : null;
        DateOnly requested;
        if (!string.IsNullOrWhiteSpace(dayText))
        {
            if (!TryDate(ext.Field, dayText, out requested, out var bad))
            {
                return bad;
            }
        }
        else if (!string.IsNullOrWhiteSpace(periodText))
        {
            PeriodExpression period;
            try
            {
                period = PeriodExpression.Parse(periodText);
            }
            catch (PeriodFormatException e)
            {
                return new FieldProblem(ext.OrPeriod!, "invalid-field", $"延长期间“{periodText}”无法识别（应写作 P3M、P45D 等）", e.Message);
            }

            requested = step.Calculator.Compute(original, period).LastDay;
        }
        else if (ext.OrPeriod is not null)
        {
            return new FieldProblem(ext.Field, "missing-field",
                $"“{t.Title}”须写明申请延长至的日期（{ext.Field}）或延长的期间（{ext.OrPeriod}）",
                $"'{t.Event}' needs the requested new last day ('{ext.Field}') or the requested period ('{ext.OrPeriod}').");
        }
        else
        {
            return null; // 'requires' has already reported the missing field
        }

        if (requested <= original)
        {
            return new FieldProblem(ext.Field, "extension-not-later",
                $"延期后的截止日（{Resolver.Format(requested)}）应晚于原截止日（{Resolver.Format(original)}）",
                $"The new last day {Resolver.Format(requested)} must be after the original last day {Resolver.Format(original)}.");
        }

        if (requested > max.LastDay)
        {
            return new FieldProblem(ext.Field, "extension-too-long",
                $"延期不得超过{max.Period!.ToZh()}：最迟至{Resolver.Format(max.LastDay)}，申请至{Resolver.Format(requested)}",
                $"An extension may run at most {max.Period!.ToEn()} from {Resolver.Format(original)}, i.e. to {Resolver.Format(max.LastDay)}; {Resolver.Format(requested)} asked.");
        }

        data[ext.Field] = Resolver.Format(requested);
        return null;
    }

    private static bool TryDate(string field, string text, out DateOnly date, out FieldProblem? problem)
    {
        try
        {
            date = Resolver.ParseDate(field, text);
            problem = null;
            return true;
        }
        catch (WorkflowRuleException e)
        {
            date = default;
            problem = new FieldProblem(field, e.Code, e.MessageZh, e.Message);
            return false;
        }
    }
}
