using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>A template that does not parse or render: the line and column (1-based) in its file, and why.</summary>
public sealed class TemplateSyntaxException(int line, int column, string reason) : Exception($"{line}:{column}: {reason}")
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Reason { get; } = reason;
}

/// <summary>
/// Parses the subset of Liquid our mail and notice templates use: <c>{{ a.b | filter: "x" }}</c>, <c>if/elsif/else</c>,
/// <c>unless</c>, <c>for x in list</c> (with <c>forloop.index</c>, <c>forloop.last</c>), <c>comment</c>, and
/// <c>{%- -%}</c> whitespace control. Why our own: Fluid.Core 2.41.1, the library the issue names, cannot
/// construct its parser against the only Parlot the registry copy serves (2.2.1: MissingMethodException), and
/// DotLiquid reports no positions. Anything outside the subset is refused with its line and column, so a file
/// that parses here is valid Liquid and moves to Fluid unchanged.
/// </summary>
public static partial class LiquidParser
{
    internal static readonly HashSet<string> Filters = ["default", "join", "size", "append", "prepend", "strip"];

    public static IReadOnlyList<LiquidNode> Parse(string source)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        (int Line, int Column) At(int offset)
        {
            var line = lineStarts.BinarySearch(offset);
            line = line >= 0 ? line : ~line - 1;
            return (line + 1, offset - lineStarts[line] + 1);
        }

        var tokens = Tokenize(source, At);
        var position = 0;
        var nodes = ParseBlock(tokens, ref position, null, At, out var end);
        if (end is not null)
        {
            throw Error(end.Line, end.Column, $"'{end.Name}' without an opening tag");
        }

        return nodes;
    }

    internal static TemplateSyntaxException Error(int line, int column, string reason) => new(line, column, reason);

    private static List<Token> Tokenize(string source, Func<int, (int, int)> at)
    {
        var tokens = new List<Token>();
        var i = 0;
        var trimNext = false;
        while (i < source.Length)
        {
            var open = IndexOfOpen(source, i);
            var text = source[i..(open < 0 ? source.Length : open)];
            if (trimNext)
            {
                text = text.TrimStart();
            }

            if (open < 0)
            {
                tokens.Add(new Token(TokenKind.Text, text, "", 0, 0));
                break;
            }

            var isTag = source[open + 1] == '%';
            var close = source.IndexOf(isTag ? "%}" : "}}", open + 2, StringComparison.Ordinal);
            var (line, column) = at(open);
            if (close < 0)
            {
                throw Error(line, column, isTag ? "tag '{%' is never closed with '%}'" : "output '{{' is never closed with '}}'");
            }

            var inner = source[(open + 2)..close];
            if (inner.StartsWith('-'))
            {
                text = text.TrimEnd();
                inner = inner[1..];
            }

            trimNext = inner.EndsWith('-');
            inner = trimNext ? inner[..^1] : inner;
            tokens.Add(new Token(TokenKind.Text, text, "", 0, 0));
            if (isTag)
            {
                var content = inner.Trim();
                var space = content.IndexOfAny([' ', '\t', '\n', '\r']);
                var name = space < 0 ? content : content[..space];
                tokens.Add(new Token(TokenKind.Tag, space < 0 ? "" : content[(space + 1)..].Trim(), name, line, column));
            }
            else
            {
                tokens.Add(new Token(TokenKind.Output, inner.Trim(), "", line, column));
            }

            i = close + 2;
        }

        return tokens;
    }

    private static int IndexOfOpen(string s, int from)
    {
        for (var i = from; i < s.Length - 1; i++)
        {
            if (s[i] == '{' && s[i + 1] is '{' or '%')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Parses nodes until one of <paramref name="stops"/> (returned in <paramref name="end"/>) or the end.</summary>
    private static List<LiquidNode> ParseBlock(List<Token> tokens, ref int position, string[]? stops, Func<int, (int, int)> at, out Token? end)
    {
        var nodes = new List<LiquidNode>();
        while (position < tokens.Count)
        {
            var token = tokens[position++];
            switch (token.Kind)
            {
                case TokenKind.Text when token.Text.Length > 0:
                    nodes.Add(new TextNode(token.Text));
                    break;
                case TokenKind.Output:
                    nodes.Add(new OutputNode(LiquidExpression.Parse(token.Text, token.Line, token.Column), token.Line, token.Column));
                    break;
                case TokenKind.Tag when stops is not null && stops.Contains(token.Name):
                    end = token;
                    return nodes;
                case TokenKind.Tag:
                    nodes.Add(ParseTag(tokens, ref position, token, at));
                    break;
            }
        }

        end = null;
        return nodes;
    }

    private static LiquidNode ParseTag(List<Token> tokens, ref int position, Token tag, Func<int, (int, int)> at)
    {
        switch (tag.Name)
        {
            case "if" or "unless":
            {
                var closer = "end" + tag.Name;
                var branches = new List<(LiquidCondition?, IReadOnlyList<LiquidNode>)>();
                var condition = (LiquidCondition?)LiquidCondition.Parse(tag.Text, tag.Line, tag.Column, negate: tag.Name == "unless");
                while (true)
                {
                    var body = ParseBlock(tokens, ref position, ["elsif", "else", closer], at, out var end);
                    branches.Add((condition, body));
                    if (end is null)
                    {
                        throw Error(tag.Line, tag.Column, $"'{tag.Name}' is never closed with '{closer}'");
                    }

                    if (end.Name == closer)
                    {
                        return new IfNode(branches, tag.Line, tag.Column);
                    }

                    if (condition is null)
                    {
                        throw Error(end.Line, end.Column, $"'{end.Name}' after 'else'");
                    }

                    condition = end.Name == "elsif" ? LiquidCondition.Parse(end.Text, end.Line, end.Column, negate: false) : null;
                }
            }

            case "for":
            {
                var m = ForArgs().Match(tag.Text);
                if (!m.Success)
                {
                    throw Error(tag.Line, tag.Column, $"'for' needs 'for item in list', not 'for {tag.Text}'");
                }

                var body = ParseBlock(tokens, ref position, ["endfor"], at, out var end);
                return end is null
                    ? throw Error(tag.Line, tag.Column, "'for' is never closed with 'endfor'")
                    : new ForNode(m.Groups[1].Value, LiquidExpression.Parse(m.Groups[2].Value, tag.Line, tag.Column), body, tag.Line, tag.Column);
            }

            case "comment":
                _ = ParseBlock(tokens, ref position, ["endcomment"], at, out var endComment);
                return endComment is null ? throw Error(tag.Line, tag.Column, "'comment' is never closed with 'endcomment'") : new TextNode("");
            case "endif" or "endunless" or "endfor" or "endcomment" or "else" or "elsif":
                throw Error(tag.Line, tag.Column, $"'{tag.Name}' without an opening tag");
            default:
                throw Error(tag.Line, tag.Column, $"unknown tag '{tag.Name}' (allowed: if, elsif, else, unless, for, comment)");
        }
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(\S+)$")]
    private static partial Regex ForArgs();

    private enum TokenKind
    {
        Text,
        Output,
        Tag,
    }

    private sealed record Token(TokenKind Kind, string Text, string Name, int Line, int Column);
}
