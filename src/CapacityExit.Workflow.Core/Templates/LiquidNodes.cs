using System.Collections;
using System.Globalization;
using System.Text;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>
/// A map whose missing keys read as nil instead of failing: for the engine's free-form message data, which
/// differs per message. Every other map in a model is strict, so a misspelt variable fails at start-up.
/// </summary>
public sealed class OpenMap(IDictionary<string, object?> values) : Dictionary<string, object?>(values, StringComparer.Ordinal);

/// <summary>Rendering state: the model and the loop variables in scope.</summary>
internal sealed class LiquidScope(IReadOnlyDictionary<string, object?> model)
{
    private readonly List<Dictionary<string, object?>> _locals = [];

    public void Push(Dictionary<string, object?> locals) => _locals.Add(locals);

    public void Pop() => _locals.RemoveAt(_locals.Count - 1);

    public bool TryGet(string name, out object? value)
    {
        for (var i = _locals.Count - 1; i >= 0; i--)
        {
            if (_locals[i].TryGetValue(name, out value))
            {
                return true;
            }
        }

        return model.TryGetValue(name, out value);
    }
}

public abstract record LiquidNode
{
    internal abstract void Render(StringBuilder output, LiquidScope scope);

    internal static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => string.Concat(list.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };
}

internal sealed record TextNode(string Text) : LiquidNode
{
    internal override void Render(StringBuilder output, LiquidScope scope) => output.Append(Text);
}

internal sealed record OutputNode(LiquidExpression Expression, int Line, int Column) : LiquidNode
{
    internal override void Render(StringBuilder output, LiquidScope scope) => output.Append(Format(Expression.Evaluate(scope)));
}

internal sealed record IfNode(IReadOnlyList<(LiquidCondition? When, IReadOnlyList<LiquidNode> Body)> Branches, int Line, int Column) : LiquidNode
{
    internal override void Render(StringBuilder output, LiquidScope scope)
    {
        foreach (var (when, body) in Branches)
        {
            if (when is null || when.IsTrue(scope))
            {
                foreach (var node in body)
                {
                    node.Render(output, scope);
                }

                return;
            }
        }
    }
}

internal sealed record ForNode(string Variable, LiquidExpression Source, IReadOnlyList<LiquidNode> Body, int Line, int Column) : LiquidNode
{
    internal override void Render(StringBuilder output, LiquidScope scope)
    {
        var value = Source.Evaluate(scope);
        var items = value switch
        {
            null => [],
            string s => [s],
            IDictionary => throw LiquidParser.Error(Line, Column, $"'for' cannot loop over a map ({Source.Text})"),
            IEnumerable e => e.Cast<object?>().ToList(),
            _ => [value],
        };
        for (var i = 0; i < items.Count; i++)
        {
            var loop = new Dictionary<string, object?> { ["index"] = i + 1, ["first"] = i == 0, ["last"] = i == items.Count - 1, ["length"] = items.Count };
            scope.Push(new() { [Variable] = items[i], ["forloop"] = loop });
            foreach (var node in Body)
            {
                node.Render(output, scope);
            }

            scope.Pop();
        }
    }
}

/// <summary><c>a</c>, <c>a == "x"</c>, <c>a != blank</c>, joined by <c>and</c> / <c>or</c> (or binds looser than and).</summary>
internal sealed record LiquidCondition(IReadOnlyList<IReadOnlyList<(LiquidExpression Left, string? Op, LiquidExpression? Right)>> AnyOf, bool Negate)
{
    public static LiquidCondition Parse(string text, int line, int column, bool negate)
    {
        if (text.Length == 0)
        {
            throw LiquidParser.Error(line, column, "a condition is missing");
        }

        var anyOf = new List<IReadOnlyList<(LiquidExpression, string?, LiquidExpression?)>>();
        foreach (var alternative in text.Split(" or ", StringSplitOptions.TrimEntries))
        {
            var allOf = new List<(LiquidExpression, string?, LiquidExpression?)>();
            foreach (var part in alternative.Split(" and ", StringSplitOptions.TrimEntries))
            {
                var op = new[] { "==", "!=" }.FirstOrDefault(o => part.Contains(o, StringComparison.Ordinal));
                if (op is null)
                {
                    allOf.Add((LiquidExpression.Parse(part, line, column), null, null));
                    continue;
                }

                var sides = part.Split(op, 2, StringSplitOptions.TrimEntries);
                allOf.Add((LiquidExpression.Parse(sides[0], line, column), op, LiquidExpression.Parse(sides[1], line, column)));
            }

            anyOf.Add(allOf);
        }

        return new LiquidCondition(anyOf, negate);
    }

    public bool IsTrue(LiquidScope scope) => Negate != AnyOf.Any(all => all.All(c => Test(c, scope)));

    private static bool Test((LiquidExpression Left, string? Op, LiquidExpression? Right) c, LiquidScope scope)
    {
        var left = c.Left.Evaluate(scope);
        if (c.Op is null)
        {
            return left is not null and not false;
        }

        var right = c.Right!.Evaluate(scope);
        var equal = right == LiquidExpression.Blank || left == LiquidExpression.Blank
            ? IsBlank(left == LiquidExpression.Blank ? right : left)
            : left is null || right is null ? left is null && right is null : LiquidNode.Format(left) == LiquidNode.Format(right);
        return c.Op == "==" ? equal : !equal;
    }

    private static bool IsBlank(object? value) => value switch
    {
        null => true,
        string s => string.IsNullOrWhiteSpace(s),
        ICollection c => c.Count == 0,
        _ => false,
    };
}
