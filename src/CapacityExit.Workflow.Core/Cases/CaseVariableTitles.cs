using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>
/// A case's variables by the titles the definition gives them: a declared variable by its own title; a recorded
/// one by what records it (the deadline's title, the transition's title and the field's); the engine's own by name.
/// </summary>
public static class CaseVariableTitles
{
    public static IReadOnlyList<VariableLine> Lines(WorkflowDefinition definition, IReadOnlyDictionary<string, string> variables)
    {
        var titles = Titles(definition);
        return variables.Where(v => v.Key != "profile") // shown as the case's profile
            .Select(v => new VariableLine(v.Key, titles.GetValueOrDefault(v.Key) ?? v.Key, v.Value))
            .ToList();
    }

    private static Dictionary<string, string> Titles(WorkflowDefinition d)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["findingDate"] = "认定日期",
            [CaseStanding.ExitDeadlineMissedVariable] = "未按期完成产能退出之日（联合惩戒）",
        };
        var states = d.States.Values.ToList();
        foreach (var timer in states.SelectMany(s => s.Timers).Concat(d.CaseTimers).Where(t => t.RecordAs is not null))
        {
            titles.TryAdd(timer.RecordAs!, $"{timer.Title}日");
        }

        foreach (var t in states.SelectMany(s => s.On.Concat(s.Tasks.SelectMany(k => k.Outcomes))).Concat(d.FromAnyOpenState))
        {
            foreach (var (variable, source) in t.Record)
            {
                titles.TryAdd(variable, $"{t.Title}：{SourceTitle(t, source)}");
            }

            if (t.Once)
            {
                titles.TryAdd($"{t.Event}.at", $"{t.Title}：办理时间");
            }
        }

        foreach (var v in d.Variables)
        {
            titles[v.Name] = v.Title;
        }

        return titles;
    }

    private static string SourceTitle(TransitionDefinition t, string source) => source switch
    {
        "actor" => "办理人",
        "today" => "办理日期",
        "now" => "办理时间",
        _ when source["data.".Length..] is var field && t.FieldTitles.TryGetValue(field, out var title) && title != field => title,
        _ when t.Extension?.Field == source["data.".Length..] => "期限最后一日",
        _ => source["data.".Length..],
    };
}
