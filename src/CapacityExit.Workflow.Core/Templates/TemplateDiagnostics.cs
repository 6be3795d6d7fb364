using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>
/// Turns what Fluid reports ("Invalid 'for' tag at (2:7)", "'{% endif %}' was expected at (9:1)") into the errors
/// the templates' authors read: the line and column where the offending tag opens, and the reason in plain words.
/// </summary>
internal static partial class TemplateDiagnostics
{
    private static readonly string[] Closers = ["endif", "endunless", "endfor", "endcomment", "else", "elsif"];

    public static TemplateSyntaxException FromParseError(string source, string fluidError)
    {
        var m = FluidPosition().Match(fluidError);
        if (!m.Success)
        {
            return new TemplateSyntaxException(1, 1, fluidError.Split('\n')[0]);
        }

        var reason = m.Groups["reason"].Value;
        var offset = TemplateTags.Offset(source, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["column"].Value));
        var tags = TemplateTags.Scan(source);
        var tag = tags.LastOrDefault(t => t.Offset < offset) ?? tags.FirstOrDefault();
        if (tag is null)
        {
            return new TemplateSyntaxException(int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["column"].Value), reason);
        }

        if (ExpectedEnd().Match(reason) is { Success: true } end && Unclosed(tags, offset, end.Groups["block"].Value) is { } opening)
        {
            return At(opening, $"'{opening.Name}' is never closed with 'end{opening.Name}'");
        }

        return At(tag, reason switch
        {
            _ when !tag.Closed => tag.IsOutput ? "output '{{' is never closed with '}}'" : "tag '{%' is never closed with '%}'",
            _ when UnknownTag().IsMatch(reason) => Closers.Contains(tag.Name)
                ? $"'{tag.Name}' without an opening tag"
                : $"unknown tag '{tag.Name}' (allowed: {string.Join(", ", TemplateLanguage.Tags)})",
            _ when reason.StartsWith("Invalid 'for' tag", StringComparison.Ordinal) => $"'for' needs 'for item in list', not '{tag.Inner}'",
            _ when reason.StartsWith("An identifier was expected after the '|' sign", StringComparison.Ordinal) => $"a filter name is missing after '|' in '{tag.Inner}'",
            _ => $"{reason} (in '{tag.Inner}')",
        });
    }

    /// <summary>A failure while rendering, pinned to the first tag that names what failed (line 1, column 1 if none does).</summary>
    public static TemplateSyntaxException FromRenderError(string source, TemplateRenderException e) =>
        TemplateTags.Scan(source).FirstOrDefault(t => e.TagMentions(t.Inner)) is { } tag
            ? At(tag, e.Reason)
            : new TemplateSyntaxException(1, 1, e.Reason);

    /// <summary>The innermost block of this kind still open where Fluid wanted its end tag.</summary>
    private static TemplateTag? Unclosed(IReadOnlyList<TemplateTag> tags, int offset, string block)
    {
        var open = new Stack<TemplateTag>();
        foreach (var t in tags.Where(t => !t.IsOutput && t.Offset < offset))
        {
            if (open.TryPeek(out var top) && top.Name == "comment" && t.Name != "endcomment")
            {
                continue;
            }

            if (TemplateLanguage.Blocks.Contains(t.Name))
            {
                open.Push(t);
            }
            else if (t.Name.StartsWith("end", StringComparison.Ordinal) && open.TryPeek(out top) && top.Name == t.Name[3..])
            {
                open.Pop();
            }
        }

        return open.FirstOrDefault(t => t.Name == block);
    }

    private static TemplateSyntaxException At(TemplateTag tag, string reason) => new(tag.Line, tag.Column, reason);

    [GeneratedRegex(@"^(?<reason>.*?) at \((?<line>\d+):(?<column>\d+)\)", RegexOptions.Singleline)]
    private static partial Regex FluidPosition();

    [GeneratedRegex(@"^'\{% end(?<block>\w+) %\}' was expected")]
    private static partial Regex ExpectedEnd();

    [GeneratedRegex(@"^Unknown tag '")]
    private static partial Regex UnknownTag();
}
