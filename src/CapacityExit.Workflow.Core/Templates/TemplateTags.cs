namespace CapacityExit.Workflow.Core.Templates;

/// <summary>
/// One <c>{{ ... }}</c> output or <c>{% ... %}</c> tag of a template's source, as found by <see cref="TemplateTags.Scan"/>:
/// where it opens (offset, 1-based line and column), its name (tags only) and what stands inside the delimiters.
/// </summary>
internal sealed record TemplateTag(int Offset, int Line, int Column, bool IsOutput, string Name, string Inner, bool Closed);

/// <summary>
/// Finds the delimiters of a template, nothing more: Fluid parses and renders, but keeps no positions, so an error
/// it reports is pinned to the tag it belongs to here, as the templates' authors expect (file:line:column).
/// </summary>
internal static class TemplateTags
{
    public static IReadOnlyList<TemplateTag> Scan(string source)
    {
        var tags = new List<TemplateTag>();
        var (line, lineStart, i, counted) = (1, 0, 0, 0);
        while (true)
        {
            var open = IndexOfOpen(source, i);
            if (open < 0)
            {
                return tags;
            }

            for (; counted < open; counted++)
            {
                if (source[counted] == '\n')
                {
                    (line, lineStart) = (line + 1, counted + 1);
                }
            }

            var isOutput = source[open + 1] == '{';
            var close = source.IndexOf(isOutput ? "}}" : "%}", open + 2, StringComparison.Ordinal);
            var inner = source[(open + 2)..(close < 0 ? source.Length : close)].Trim('-').Trim();
            var name = isOutput ? "" : inner.Split([' ', '\t', '\r', '\n'], 2)[0];
            tags.Add(new TemplateTag(open, line, open - lineStart + 1, isOutput, name, inner, close >= 0));
            if (close < 0)
            {
                return tags;
            }

            i = close + 2;
        }
    }

    /// <summary>The character offset of a 1-based line and column.</summary>
    public static int Offset(string source, int line, int column)
    {
        var offset = 0;
        for (var l = 1; l < line && offset >= 0; l++)
        {
            offset = source.IndexOf('\n', offset) is var n and >= 0 ? n + 1 : -1;
        }

        return offset < 0 ? source.Length : Math.Min(source.Length, offset + column - 1);
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
}
