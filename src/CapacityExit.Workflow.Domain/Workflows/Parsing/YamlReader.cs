using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// Reads one YAML file node by node and collects every problem with its line and column instead of stopping
/// at the first: an administrator fixing a file wants the whole list at once.
/// </summary>
internal sealed class YamlReader(string file, List<DefinitionError> errors)
{
    public string File { get; } = file;

    public YamlMappingNode? LoadRoot(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(new DefinitionError(File, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}"));
            return null;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet reports some unterminated constructs without a position.
            errors.Add(new DefinitionError(File, 0, 0, $"not valid YAML (an unclosed bracket or quote?): {e.Message}"));
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            errors.Add(new DefinitionError(File, 0, 0, $"expected exactly one YAML document, found {stream.Documents.Count}"));
            return null;
        }

        return Map(stream.Documents[0].RootNode, "the file");
    }

    public Spot At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string message) => errors.Add(At(node).Error(message));

    public YamlMappingNode? Map(YamlNode? node, string what)
    {
        if (node is null or YamlMappingNode)
        {
            return node as YamlMappingNode;
        }

        Error(node, $"{what} must be a mapping (name: value lines)");
        return null;
    }

    /// <summary>The entries of a mapping; keys not in <paramref name="allowed"/> are reported (a typo must not be ignored).</summary>
    public IReadOnlyList<(string Key, YamlNode Value, YamlNode KeyNode)> Entries(YamlMappingNode? map, string what, params string[] allowed)
    {
        var list = new List<(string, YamlNode, YamlNode)>();
        if (map is null)
        {
            return list;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, $"a key in {what} must be a plain name");
                continue;
            }

            if (allowed.Length > 0 && !allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(keyNode, $"unknown key '{key}' in {what} (expected one of: {string.Join(", ", allowed)})");
                continue;
            }

            list.Add((key, value, keyNode));
        }

        return list;
    }

    public YamlNode? Get(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? Text(YamlMappingNode? map, string key, string what, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required && map is not null)
            {
                Error(map, $"{what} needs '{key}'");
            }

            return null;
        }

        return Scalar(node, $"'{key}' of {what}");
    }

    public string? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
        }

        Error(node, $"{what} must be a single value");
        return null;
    }

    public bool Bool(YamlMappingNode? map, string key, string what, bool fallback)
    {
        var text = Text(map, key, what);
        switch (text)
        {
            case null:
                return fallback;
            case "true" or "yes":
                return true;
            case "false" or "no":
                return false;
            default:
                Error(Get(map, key)!, $"'{key}' of {what} must be true or false, not '{text}'");
                return fallback;
        }
    }

    public int? Int(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node, $"{what} must be a whole number, not '{text}'");
        return null;
    }

    /// <summary>A list of scalars; a single scalar is read as a one-item list.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> List(YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode:
                var single = Scalar(node, what);
                return single is null ? [] : [(single, node)];
            case YamlSequenceNode sequence:
                var items = new List<(string, YamlNode)>();
                foreach (var item in sequence.Children)
                {
                    if (Scalar(item, $"an item of {what}") is { } value)
                    {
                        items.Add((value, item));
                    }
                }

                return items;
            default:
                Error(node, $"{what} must be a list");
                return [];
        }
    }

    public TimeOnly? Time(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        if (text is not null && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        Error(node, $"{what} must be a time of day written HH:mm, not '{text}'");
        return null;
    }

    /// <summary>A day of the year written MM-DD, e.g. 06-27 for "6月27日前".</summary>
    public (int Month, int Day)? MonthDay(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        if (text is not null && DateOnly.TryParseExact("2024-" + text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return (d.Month, d.Day);
        }

        Error(node, $"{what} must be a day of the year written MM-DD, not '{text}'");
        return null;
    }
}
