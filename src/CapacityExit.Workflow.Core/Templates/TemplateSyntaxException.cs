namespace CapacityExit.Workflow.Core.Templates;

/// <summary>A template that does not parse or render: the line and column (1-based) in its part, and why.</summary>
public sealed class TemplateSyntaxException(int line, int column, string reason) : Exception($"{line}:{column}: {reason}")
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Reason { get; } = reason;
}

/// <summary>
/// A failure while rendering, raised by the model's values or the strict options (<see cref="TemplateLanguage"/>):
/// the reason, and how to find the tag that caused it (Fluid keeps no positions after parsing).
/// </summary>
internal sealed class TemplateRenderException(string reason, Func<string, bool> tagMentions) : Exception(reason)
{
    public string Reason { get; } = reason;

    /// <summary>True for the inside of a tag or output (between the delimiters) that names what failed.</summary>
    public Func<string, bool> TagMentions { get; } = tagMentions;
}
