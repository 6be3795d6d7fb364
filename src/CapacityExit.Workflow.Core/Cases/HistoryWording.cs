using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>
/// A history line's "what" (written by the engine for machines: "timer rectification-deadline", "complete-task
/// k: approved", "request-extension") in plain Chinese, from the titles the definition gives each step, timer,
/// task and command. An unknown line is shown as written, never dropped.
/// </summary>
public static class HistoryWording
{
    /// <summary>The command a task outcome travels as (the engine's DefinitionValidator.CompleteTask).</summary>
    private const string CompleteTask = "complete-task";

    public static string Describe(WorkflowDefinition d, string what, string fromState)
    {
        var timers = d.CaseTimers.Concat(d.States.Values.SelectMany(s => s.Timers)).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First().Title);
        var commands = d.States.Values.SelectMany(s => s.On).Concat(d.FromAnyOpenState).GroupBy(t => t.Event).ToDictionary(g => g.Key, g => g.First().Title);
        var tasks = d.States.Values.SelectMany(s => s.Tasks).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First());
        if (what == "started")
        {
            return "立案，流程启动";
        }

        if (what.StartsWith("migrated v", StringComparison.Ordinal))
        {
            // "migrated v1 → v2": the case moved to a newer version of its definition (workflow migrate, or at start-up).
            var versions = what["migrated ".Length..].Replace("v", "第", StringComparison.Ordinal).Replace(" → ", "版 → ", StringComparison.Ordinal) + "版";
            return $"流程更新：{versions} / workflow updated: {what["migrated ".Length..]}";
        }

        if (what.StartsWith("timer ", StringComparison.Ordinal))
        {
            var name = what["timer ".Length..].Split(' ')[0];
            return timers.TryGetValue(name, out var t) ? $"期限届满：{t}" : what;
        }

        if (what.StartsWith("reminder ", StringComparison.Ordinal))
        {
            var key = what["reminder ".Length..];
            var name = key.Split('/').ElementAtOrDefault(1)?.Split('@')[0].Split('#')[0] ?? key;
            return timers.TryGetValue(name, out var t) ? $"已发送到期提醒：{t}" : "已发送到期提醒";
        }

        if (what.StartsWith("task overdue, escalated: ", StringComparison.Ordinal))
        {
            var key = what["task overdue, escalated: ".Length..];
            var kind = key.Split('/').ElementAtOrDefault(1) ?? key;
            return tasks.TryGetValue(kind, out var t) ? $"待办逾期，已督办：{t.Title}" : "待办逾期，已督办";
        }

        if (what.StartsWith(CompleteTask + " ", StringComparison.Ordinal))
        {
            var rest = what[(CompleteTask.Length + 1)..];
            var colon = rest.LastIndexOf(": ", StringComparison.Ordinal);
            var key = colon < 0 ? rest : rest[..colon];
            var outcome = colon < 0 ? "" : rest[(colon + 2)..];
            var kind = key.Split('/').ElementAtOrDefault(1) ?? key;
            if (tasks.TryGetValue(kind, out var t))
            {
                var o = t.Outcomes.FirstOrDefault(x => x.Event == outcome);
                return $"办结待办：{t.Title}（{o?.Title ?? outcome}）";
            }

            return what;
        }

        var command = what.Split(' ')[0];
        return commands.TryGetValue(command, out var title) ? title : what;
    }
}
