using Fluid;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>One problem with a template file: where, and why.</summary>
public sealed record TemplateError(string File, int Line, int Column, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Reason}" : $"{File}: {Reason}";
}

/// <summary>Templates that do not parse, render or cover what the engine sends; every problem is listed.</summary>
public sealed class TemplateException(IReadOnlyList<TemplateError> errors)
    : Exception("Mail and notice templates are broken:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<TemplateError> Errors { get; } = errors;
}

/// <summary>A rendered subject (one line) and body.</summary>
public sealed record RenderedText(string Subject, string Body);

/// <summary>
/// A template file: the subject, a line holding only <c>---</c>, then the body, both in Liquid, e.g.
/// <c>workflows/templates/zh/reminder.liquid</c>. The subject is folded to one line after rendering. Parsed and
/// rendered by Fluid with the options of <see cref="TemplateLanguage"/>.
/// </summary>
public sealed class MailTemplate
{
    public const string Separator = "---";

    private readonly (IFluidTemplate Template, string Source) _subject;
    private readonly (IFluidTemplate Template, string Source) _body;
    private readonly int _bodyFirstLine;

    private MailTemplate(string file, string language, string key, (IFluidTemplate, string) subject, (IFluidTemplate, string) body, int bodyFirstLine)
    {
        File = file;
        Language = language;
        Key = key;
        _subject = subject;
        _body = body;
        _bodyFirstLine = bodyFirstLine;
    }

    /// <summary>The file as shown in errors, e.g. workflows/templates/zh/reminder.liquid.</summary>
    public string File { get; }

    public string Language { get; }

    /// <summary>A message kind ("reminder") or a template id ("energy/rectification-deadline").</summary>
    public string Key { get; }

    /// <exception cref="TemplateException">The file does not parse; the error has its line and column.</exception>
    public static MailTemplate Parse(string file, string language, string key, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var separator = Array.FindIndex(lines, l => l.TrimEnd() == Separator);
        if (separator < 0)
        {
            throw new TemplateException([new TemplateError(file, 1, 1, $"no line '{Separator}' between the subject and the body")]);
        }

        var subjectSource = string.Join('\n', lines[..separator]);
        var bodySource = string.Join('\n', lines[(separator + 1)..]);
        var subject = Guard(file, 0, () => TemplateLanguage.Parse(subjectSource));
        var body = Guard(file, separator + 1, () => TemplateLanguage.Parse(bodySource));
        return new MailTemplate(file, language, key, (subject, subjectSource), (body, bodySource), separator + 1);
    }

    /// <exception cref="TemplateException">A variable the model lacks, or a value a tag cannot use, with its position.</exception>
    public RenderedText Render(IReadOnlyDictionary<string, object?> model)
    {
        var subject = Guard(File, 0, () => Render(_subject, model));
        var body = Guard(File, _bodyFirstLine, () => Render(_body, model));
        // Mail subjects are one line (RFC 5322 folds them anyway); template line breaks only aid reading.
        var oneLine = string.Join(' ', subject.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new RenderedText(oneLine, body.Trim('\n') + "\n");
    }

    private static string Render((IFluidTemplate Template, string Source) part, IReadOnlyDictionary<string, object?> model)
    {
        try
        {
            return part.Template.Render(TemplateValues.Context(model), NullEncoder.Default);
        }
        catch (TemplateRenderException e)
        {
            throw TemplateDiagnostics.FromRenderError(part.Source, e);
        }
        catch (FluidException e)
        {
            throw new TemplateSyntaxException(1, 1, e.Message);
        }
    }

    private static T Guard<T>(string file, int lineOffset, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (TemplateSyntaxException e)
        {
            throw new TemplateException([new TemplateError(file, e.Line + lineOffset, e.Column, e.Reason)]);
        }
    }
}
