using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>Reads one event or task outcome. A task outcome may be written short: "approved: closing".</summary>
internal static class TransitionParser
{
    private static readonly string[] RecordSources = ["actor", "today", "now"];

    public static TransitionDefinition Parse(YamlReader y, string name, YamlNode value, YamlNode keyNode, bool taskOutcome)
    {
        var what = taskOutcome ? $"outcome '{name}'" : $"event '{name}'";
        if (value is YamlScalarNode scalar)
        {
            if (!taskOutcome)
            {
                y.Error(value, $"{what} needs 'to' and 'by' (who may do it); only a task outcome may be written 'outcome: state'");
            }

            return new TransitionDefinition(name, name, string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim(), [], [],
                new Dictionary<string, string>(), null, false,
                null, null, new Dictionary<string, string>(), [], y.At(keyNode), y.At(value));
        }

        var map = y.Map(value, what);
        y.Entries(map, what, "title", "to", "by", "requires", "extends-deadline", "once", "not-by", "extension", "record", "notify");
        var by = y.List(y.Get(map, "by"), $"'by' of {what}").Select(r => new RoleRef(r.Value, y.At(r.Node))).ToList();
        if (!taskOutcome && by.Count == 0 && map is not null)
        {
            y.Error(keyNode, $"{what} needs 'by': the roles that may do it");
        }

        var toNode = y.Get(map, "to");
        var requires = ParseRequires(y, y.Get(map, "requires"), what);
        return new TransitionDefinition(
            name,
            y.Text(map, "title", what) ?? name,
            y.Text(map, "to", what),
            by,
            requires.Keys.ToList(),
            requires,
            y.Text(map, "extends-deadline", what),
            y.Bool(map, "once", what, false),
            y.Text(map, "not-by", what),
            ParseExtension(y, y.Get(map, "extension"), what),
            ParseRecord(y, y.Get(map, "record"), what),
            y.List(y.Get(map, "notify"), $"'notify' of {what}").Select(r => new RoleRef(r.Value, y.At(r.Node))).ToList(),
            y.At(keyNode),
            y.At(toNode ?? keyNode));
    }

    private static ExtensionRule? ParseExtension(YamlReader y, YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        var map = y.Map(node, $"'extension' of {what}");
        y.Entries(map, $"'extension' of {what}", "field", "or-period", "of", "at-most");
        var field = y.Text(map, "field", $"'extension' of {what}", required: true);
        var orPeriod = y.Text(map, "or-period", $"'extension' of {what}");
        var of = y.Text(map, "of", $"'extension' of {what}", required: true);
        var atMost = y.Text(map, "at-most", $"'extension' of {what}", required: true);
        return new ExtensionRule(field ?? "", orPeriod, of ?? "", new ValueRef(atMost ?? "", y.At(y.Get(map, "at-most") ?? node)), y.At(node));
    }

    /// <summary>
    /// The data a command must carry: a list of field names, or a map of field name → its title for the person
    /// who fills it in (reason: 申请理由). Keeps the order written.
    /// </summary>
    private static Dictionary<string, string> ParseRequires(YamlReader y, YamlNode? node, string what)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlMappingNode)
        {
            foreach (var (field, value, _) in y.Entries(y.Map(node, $"'requires' of {what}"), $"'requires' of {what}"))
            {
                fields[field] = y.Scalar(value, $"the title of required field '{field}' of {what}") ?? field;
            }

            return fields;
        }

        foreach (var (field, _) in y.List(node, $"'requires' of {what}"))
        {
            fields[field] = field;
        }

        return fields;
    }

    /// <summary>variable: actor | today | now | data.field — what the transition writes into the case's variables.</summary>
    private static Dictionary<string, string> ParseRecord(YamlReader y, YamlNode? node, string what)
    {
        var record = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (variable, value, _) in y.Entries(y.Map(node, $"'record' of {what}"), $"'record' of {what}"))
        {
            var source = y.Scalar(value, $"'record' {variable} of {what}");
            if (source is null)
            {
                continue;
            }

            if (!RecordSources.Contains(source) && !source.StartsWith("data.", StringComparison.Ordinal))
            {
                y.Error(value, $"'record' {variable} of {what} must be actor, today, now or data.<field>, not '{source}'");
            }

            record[variable] = source;
        }

        return record;
    }
}
