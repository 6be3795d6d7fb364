using System.Collections;
using System.Globalization;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>An operand (a path like <c>enterprise.name</c>, a string, a number, true/false/nil/blank) and its filters.</summary>
internal sealed class LiquidExpression
{
    /// <summary>The value of the literal <c>blank</c> / <c>empty</c>: equal to nil, "", whitespace and an empty list.</summary>
    public static readonly object Blank = new();

    private readonly object? _literal;
    private readonly string[]? _path;
    private readonly List<(string Name, List<LiquidExpression> Args)> _filters = [];
    private readonly int _line;
    private readonly int _column;

    private LiquidExpression(string text, int line, int column, object? literal, string[]? path)
    {
        Text = text;
        _line = line;
        _column = column;
        _literal = literal;
        _path = path;
    }

    public string Text { get; }

    public static LiquidExpression Parse(string text, int line, int column)
    {
        var parts = SplitOutsideQuotes(text, '|');
        var head = Operand(parts[0].Trim(), text, line, column);
        foreach (var part in parts.Skip(1))
        {
            var colon = part.IndexOf(':');
            var name = (colon < 0 ? part : part[..colon]).Trim();
            if (!LiquidParser.Filters.Contains(name))
            {
                throw LiquidParser.Error(line, column, name.Length == 0
                    ? $"a filter name is missing after '|' in '{text}'"
                    : $"unknown filter '{name}' (allowed: {string.Join(", ", LiquidParser.Filters)})");
            }

            var args = colon < 0 ? [] : SplitOutsideQuotes(part[(colon + 1)..], ',').Select(a => Operand(a.Trim(), text, line, column)).ToList();
            head._filters.Add((name, args));
        }

        return head;
    }

    public object? Evaluate(LiquidScope scope)
    {
        var value = _path is null ? _literal : Resolve(scope);
        foreach (var (name, args) in _filters)
        {
            var a = args.Select(x => LiquidNode.Format(x.Evaluate(scope))).ToList();
            value = name switch
            {
                "default" => value is null or false || value is string { Length: 0 } ? args.FirstOrDefault()?.Evaluate(scope) : value,
                "join" => value is IEnumerable e and not string ? string.Join(a.FirstOrDefault() ?? " ", e.Cast<object?>().Select(LiquidNode.Format)) : value,
                "size" => value switch { null => 0, string s => s.Length, ICollection c => c.Count, _ => 1 },
                "append" => LiquidNode.Format(value) + string.Concat(a),
                "prepend" => string.Concat(a) + LiquidNode.Format(value),
                "strip" => LiquidNode.Format(value).Trim(),
                _ => throw LiquidParser.Error(_line, _column, $"unknown filter '{name}'"),
            };
        }

        return value;
    }

    private object? Resolve(LiquidScope scope)
    {
        if (!scope.TryGet(_path![0], out var value))
        {
            throw LiquidParser.Error(_line, _column, $"unknown variable '{_path[0]}' in '{Text}'");
        }

        for (var i = 1; i < _path.Length; i++)
        {
            var member = _path[i];
            value = value switch
            {
                null => null,
                OpenMap open => open.GetValueOrDefault(member),
                IReadOnlyDictionary<string, object?> map => map.TryGetValue(member, out var v)
                    ? v
                    : throw LiquidParser.Error(_line, _column, $"'{string.Join('.', _path[..i])}' has no '{member}' (in '{Text}')"),
                ICollection c when member == "size" => c.Count,
                _ => throw LiquidParser.Error(_line, _column, $"'{string.Join('.', _path[..i])}' is not a map: no '{member}' (in '{Text}')"),
            };
        }

        return value;
    }

    private static LiquidExpression Operand(string s, string whole, int line, int column)
    {
        if (s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0])
        {
            return new LiquidExpression(whole, line, column, s[1..^1], null);
        }

        if (decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return new LiquidExpression(whole, line, column, number, null);
        }

        switch (s)
        {
            case "true" or "false":
                return new LiquidExpression(whole, line, column, s == "true", null);
            case "nil" or "null":
                return new LiquidExpression(whole, line, column, null, null);
            case "blank" or "empty":
                return new LiquidExpression(whole, line, column, Blank, null);
        }

        var path = s.Split('.');
        if (s.Length == 0 || path.Any(p => p.Length == 0 || !(char.IsAsciiLetter(p[0]) || p[0] == '_') || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw LiquidParser.Error(line, column, s.Length == 0 ? $"a value is missing in '{whole}'" : $"'{s}' is not a variable, string or number (in '{whole}')");
        }

        return new LiquidExpression(whole, line, column, null, path);
    }

    private static List<string> SplitOutsideQuotes(string s, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        char? quote = null;
        for (var i = 0; i < s.Length; i++)
        {
            if (quote is { } q)
            {
                quote = s[i] == q ? null : q;
            }
            else if (s[i] is '"' or '\'')
            {
                quote = s[i];
            }
            else if (s[i] == separator)
            {
                parts.Add(s[start..i]);
                start = i + 1;
            }
        }

        parts.Add(s[start..]);
        return parts;
    }
}
