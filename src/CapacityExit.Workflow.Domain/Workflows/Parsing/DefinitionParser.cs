using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// Reads one definition file (docs/workflow-definitions.md describes the format). Structural problems are
/// collected here; cross-references (states, timers, profile keys) are checked by <see cref="DefinitionValidator"/>.
/// </summary>
internal static partial class DefinitionParser
{
    [GeneratedRegex(@"^(?<id>[a-z][a-z0-9-]*)\.v(?<version>[0-9]+)\.ya?ml$")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    public static WorkflowDefinition? Parse(string file, string text, List<DefinitionError> errors)
    {
        var y = new YamlReader(file, errors);
        var root = y.LoadRoot(text);
        if (root is null)
        {
            return null;
        }

        y.Entries(root, "a definition", "id", "version", "title", "sources", "initial", "variables", "from-any-open-state", "case-timers", "states", "migrates-from");
        var id = y.Text(root, "id", "a definition", required: true) ?? "";
        var versionNode = y.Get(root, "version");
        var version = versionNode is null ? 0 : y.Int(versionNode, "'version'") ?? 0;
        if (versionNode is null)
        {
            y.Error(root, "a definition needs 'version'");
        }

        CheckFileName(y, root, file, id, version);
        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        foreach (var (name, node, keyNode) in y.Entries(y.Map(y.Get(root, "states"), "'states'"), "'states'"))
        {
            CheckName(y, keyNode, name, "a state");
            if (name == WorkflowDefinition.CaseOwner)
            {
                y.Error(keyNode, $"'{WorkflowDefinition.CaseOwner}' is reserved for timers of the whole case; name the state otherwise");
            }

            states[name] = ParseState(y, name, node, keyNode);
        }

        if (states.Count == 0)
        {
            y.Error(root, "a definition needs 'states'");
        }

        return new WorkflowDefinition(
            id,
            version,
            y.Text(root, "title", "a definition", required: true) ?? id,
            file,
            y.Text(root, "initial", "a definition", required: true) ?? "",
            y.List(y.Get(root, "sources"), "'sources'").Select(s => s.Value).ToList(),
            ParseVariables(y, y.Get(root, "variables")),
            states,
            ParseTransitions(y, y.Get(root, "from-any-open-state"), "'from-any-open-state'", taskOutcomes: false),
            ParseTimers(y, y.Get(root, "case-timers"), "'case-timers'"))
        {
            MigratesFrom = y.List(y.Get(root, "migrates-from"), "'migrates-from'")
                .Select(v => int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n < version ? n
                    : Invalid<int>(y, v.Node, $"'migrates-from' lists earlier versions of this definition (1 to {version - 1}), not '{v.Value}'") ?? 0)
                .Where(n => n > 0).ToList(),
        };
    }

    private static void CheckFileName(YamlReader y, YamlMappingNode root, string file, string id, int version)
    {
        var match = FileNamePattern().Match(Path.GetFileName(file));
        if (!match.Success)
        {
            y.Error(root, $"the file name must be <id>.v<version>.yaml, e.g. energy.v1.yaml, not '{Path.GetFileName(file)}'");
        }
        else if (match.Groups["id"].Value != id || int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture) != version)
        {
            y.Error(root, $"the file name says {match.Groups["id"].Value} v{match.Groups["version"].Value} but the file says id '{id}' version {version}");
        }
    }

    private static void CheckName(YamlReader y, YamlNode node, string name, string what)
    {
        if (!NamePattern().IsMatch(name))
        {
            y.Error(node, $"{what} name '{name}' must be lower-case letters, digits and '-'");
        }
    }

    private static List<VariableDefinition> ParseVariables(YamlReader y, YamlNode? node)
    {
        var list = new List<VariableDefinition>();
        foreach (var (name, value, keyNode) in y.Entries(y.Map(node, "'variables'"), "'variables'"))
        {
            var map = y.Map(value, $"variable '{name}'");
            y.Entries(map, $"variable '{name}'", "type", "required", "title");
            var typeText = y.Text(map, "type", $"variable '{name}'", required: true);
            var type = typeText switch
            {
                "text" => VariableType.Text,
                "period" => VariableType.Period,
                "date" => VariableType.Date,
                "day-of-month" => VariableType.DayOfMonth,
                _ => (VariableType?)null,
            };
            if (type is null && typeText is not null)
            {
                y.Error(y.Get(map, "type")!, $"variable type '{typeText}' is unknown (text, period, date or day-of-month)");
            }

            list.Add(new VariableDefinition(name, type ?? VariableType.Text, y.Bool(map, "required", $"variable '{name}'", true),
                y.Text(map, "title", $"variable '{name}'") ?? name, y.At(keyNode)));
        }

        return list;
    }

    private static StateDefinition ParseState(YamlReader y, string name, YamlNode node, YamlNode keyNode)
    {
        var what = $"state '{name}'";
        var map = y.Map(node, what);
        y.Entries(map, what, "title", "final", "card", "lists", "notify", "timers", "tasks", "on", "within", "duties");
        var finalText = y.Text(map, "final", what);
        CaseOutcome? final = finalText switch
        {
            null => null,
            "compliant" => CaseOutcome.Compliant,
            "exited" => CaseOutcome.Exited,
            "withdrawn" => CaseOutcome.Withdrawn,
            _ => Invalid<CaseOutcome>(y, y.Get(map, "final")!, $"'final' of {what} must be compliant, exited or withdrawn, not '{finalText}'"),
        };
        var cardText = y.Text(map, "card", what);
        var card = cardText switch
        {
            null or "none" => Card.None,
            "yellow" => Card.Yellow,
            "red" => Card.Red,
            _ => Invalid<Card>(y, y.Get(map, "card")!, $"'card' of {what} must be yellow, red or none, not '{cardText}'") ?? Card.None,
        };
        return new StateDefinition(
            name,
            y.Text(map, "title", what, required: true) ?? name,
            final,
            card,
            y.List(y.Get(map, "lists"), $"'lists' of {what}").Select(l => l.Value).ToList(),
            ParseTimers(y, y.Get(map, "timers"), $"'timers' of {what}"),
            ParseTasks(y, y.Get(map, "tasks"), what),
            ParseTransitions(y, y.Get(map, "on"), $"'on' of {what}", taskOutcomes: false),
            Roles(y, y.Get(map, "notify"), $"'notify' of {what}"),
            y.Text(map, "within", what),
            y.At(keyNode))
        {
            Duties = Duties(y, y.Get(map, "duties"), what),
        };
    }

    private static List<string> Duties(YamlReader y, YamlNode? node, string what)
    {
        var duties = new List<string>();
        foreach (var d in y.List(node, $"'duties' of {what}"))
        {
            if (StateDuties.Known.Contains(d.Value))
            {
                duties.Add(d.Value);
            }
            else
            {
                y.Error(d.Node, $"unknown duty '{d.Value}' of {what} (known: {string.Join(", ", StateDuties.Known)})");
            }
        }

        return duties;
    }

    private static T? Invalid<T>(YamlReader y, YamlNode node, string message)
        where T : struct
    {
        y.Error(node, message);
        return null;
    }

    private static List<RoleRef> Roles(YamlReader y, YamlNode? node, string what) =>
        y.List(node, what).Select(r => new RoleRef(r.Value, y.At(r.Node))).ToList();

    private static List<TimerDefinition> ParseTimers(YamlReader y, YamlNode? node, string what)
    {
        var list = new List<TimerDefinition>();
        foreach (var (name, value, keyNode) in y.Entries(y.Map(node, what), what))
        {
            CheckName(y, keyNode, name, "a timer");
            list.Add(TimerParser.Parse(y, name, value, keyNode));
        }

        return list;
    }

    private static List<TaskDefinition> ParseTasks(YamlReader y, YamlNode? node, string stateWhat)
    {
        var list = new List<TaskDefinition>();
        foreach (var (name, value, keyNode) in y.Entries(y.Map(node, $"'tasks' of {stateWhat}"), $"'tasks' of {stateWhat}"))
        {
            CheckName(y, keyNode, name, "a task");
            var what = $"task '{name}'";
            var map = y.Map(value, what);
            y.Entries(map, what, "title", "assignee", "due", "due-before", "escalate-to", "exit-deadline", "outcomes");
            var assignee = y.Text(map, "assignee", what, required: true);
            var due = y.Text(map, "due", what, required: true);
            var escalate = y.Text(map, "escalate-to", what, required: true);
            var outcomes = ParseTransitions(y, y.Get(map, "outcomes"), $"'outcomes' of {what}", taskOutcomes: true);
            list.Add(new TaskDefinition(
                name,
                y.Text(map, "title", what, required: true) ?? name,
                new RoleRef(assignee ?? "", y.At(y.Get(map, "assignee") ?? value)),
                new ValueRef(due ?? "", y.At(y.Get(map, "due") ?? value)),
                new RoleRef(escalate ?? "", y.At(y.Get(map, "escalate-to") ?? value)),
                y.Bool(map, "exit-deadline", what, false),
                outcomes,
                y.Text(map, "due-before", what),
                y.At(keyNode)));
        }

        return list;
    }

    internal static List<TransitionDefinition> ParseTransitions(YamlReader y, YamlNode? node, string what, bool taskOutcomes)
    {
        var list = new List<TransitionDefinition>();
        foreach (var (name, value, keyNode) in y.Entries(y.Map(node, what), what))
        {
            CheckName(y, keyNode, name, taskOutcomes ? "an outcome" : "an event");
            list.Add(TransitionParser.Parse(y, name, value, keyNode, taskOutcomes));
        }

        return list;
    }
}
