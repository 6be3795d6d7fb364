using System.Text;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// A definition as a picture: Mermaid (for docs and the web) or Graphviz DOT. Edges are labelled with what
/// moves the case: an event (who may), a task outcome, or a timer. Withdrawal, allowed from every open state,
/// is drawn from each of them.
/// </summary>
public static class GraphRenderer
{
    public sealed record Edge(string From, string To, string Label);

    public static IReadOnlyList<Edge> Edges(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var edges = new List<Edge>();
        foreach (var state in definition.States.Values)
        {
            edges.AddRange(state.Timers.Where(t => t.Then is not null).Select(t => new Edge(state.Name, t.Then!, $"⏰ {t.Name}")));
            edges.AddRange(state.Tasks.SelectMany(task => task.Outcomes
                .Where(o => o.To is not null)
                .Select(o => new Edge(state.Name, o.To!, $"✔ {task.Name} = {o.Event}"))));
            edges.AddRange(state.On.Where(t => t.To is not null).Select(t => new Edge(state.Name, t.To!, t.Event)));
            if (!state.IsFinal)
            {
                edges.AddRange(definition.FromAnyOpenState.Where(t => t.To is not null).Select(t => new Edge(state.Name, t.To!, t.Event)));
            }
        }

        return edges;
    }

    public static string Mermaid(WorkflowDefinition definition)
    {
        var text = new StringBuilder();
        text.AppendLine("stateDiagram-v2");
        text.AppendLine($"    %% {definition.Id} v{definition.Version}: {definition.Title}");
        foreach (var state in definition.States.Values)
        {
            text.AppendLine($"    state \"{Clean(state.Title)}{Marks(state)}\" as {Id(state.Name)}");
        }

        text.AppendLine($"    [*] --> {Id(definition.Initial)}");
        foreach (var e in Edges(definition))
        {
            text.AppendLine($"    {Id(e.From)} --> {Id(e.To)} : {Clean(e.Label)}");
        }

        foreach (var state in definition.States.Values.Where(s => s.IsFinal))
        {
            text.AppendLine($"    {Id(state.Name)} --> [*]");
        }

        return text.ToString();
    }

    public static string Dot(WorkflowDefinition definition)
    {
        var text = new StringBuilder();
        text.AppendLine($"digraph \"{definition.Id}.v{definition.Version}\" {{");
        text.AppendLine("    rankdir=TB;");
        text.AppendLine("    node [shape=box, style=rounded, fontname=\"Noto Sans CJK SC\"];");
        text.AppendLine($"    label=\"{DotEscape(definition.Title)}\";");
        text.AppendLine("    start [shape=point];");
        foreach (var state in definition.States.Values)
        {
            var shape = state.IsFinal ? ", peripheries=2" : "";
            var color = state.Card switch { Card.Yellow => ", color=goldenrod", Card.Red => ", color=red", _ => "" };
            text.AppendLine($"    \"{state.Name}\" [label=\"{DotEscape(state.Title)}\\n({state.Name}){DotEscape(Marks(state))}\"{shape}{color}];");
        }

        text.AppendLine($"    start -> \"{definition.Initial}\";");
        foreach (var e in Edges(definition))
        {
            text.AppendLine($"    \"{e.From}\" -> \"{e.To}\" [label=\"{DotEscape(e.Label)}\"];");
        }

        text.AppendLine("}");
        return text.ToString();
    }

    private static string Marks(StateDefinition s) => (s.Card, s.Final) switch
    {
        (_, { } final) => $" [{final.ToString().ToLowerInvariant()}]",
        (Card.Yellow, _) => " [黄牌]",
        (Card.Red, _) => " [红牌]",
        _ => "",
    };

    private static string Id(string name) => name.Replace('-', '_');

    // Mermaid ends a label at ':' and a state name at '"'; use the full-width forms a Chinese reader expects anyway.
    private static string Clean(string text) => text.Replace(":", "：").Replace("\"", "”").Replace(";", "；");

    private static string DotEscape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
