using System.Globalization;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>
/// The Liquid our mail and notice templates are written in, parsed and rendered by Fluid: the tags and filters
/// below (Fluid's own implementations; the rest of Fluid's are switched off until a template needs one: none of
/// them may read files or the clock), strict about filters (<see cref="TemplateOptions.StrictFilters"/>, and
/// checked at parse time so an unused branch cannot hide one) and about variables: a name the model lacks fails
/// through <see cref="TemplateOptions.Undefined"/>, a member a map lacks through <see cref="StrictMapValue"/>.
/// Fluid's <see cref="TemplateOptions.StrictVariables"/> is not used: it also refuses a variable that is present
/// and nil, and our models say "no case" or "no deadline" with nil.
/// </summary>
public static partial class TemplateLanguage
{
    /// <summary>Tags, besides <c>elsif</c> and <c>else</c> inside <c>if</c>.</summary>
    public static readonly IReadOnlyList<string> Tags = ["if", "unless", "for", "comment"];

    /// <summary>The tags that open a block closed by <c>end</c> + name.</summary>
    internal static readonly IReadOnlyList<string> Blocks = ["if", "unless", "for", "comment"];

    public static readonly IReadOnlyList<string> Filters = ["default", "join", "size", "append", "prepend", "strip"];

    private static readonly FluidParser Parser = CreateParser();

    internal static readonly TemplateOptions Options = CreateOptions();

    /// <exception cref="TemplateSyntaxException">Fluid refuses the text, or it names a filter outside <see cref="Filters"/>.</exception>
    internal static IFluidTemplate Parse(string source)
    {
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw TemplateDiagnostics.FromParseError(source, error);
        }

        var unknown = new FilterNames().Collect(template).FirstOrDefault(f => !Filters.Contains(f));
        return unknown is null
            ? template
            : throw TemplateDiagnostics.FromRenderError(source, new TemplateRenderException(
                $"unknown filter '{unknown}' (allowed: {string.Join(", ", Filters)})", inner => Mentions(inner, unknown)));
    }

    /// <summary>True when the inside of a tag applies the filter, e.g. <c>case.id | shout</c> for <c>shout</c>.</summary>
    internal static bool Mentions(string inner, string filter) => FilterUse().Matches(inner).Any(m => m.Groups[1].Value == filter);

    private static FluidParser CreateParser()
    {
        var parser = new FluidParser(new FluidParserOptions { AllowFunctions = false, AllowParentheses = false, AllowLiquidTag = false });
        foreach (var tag in parser.RegisteredTags.Keys.Where(t => !Tags.Contains(t)).ToList())
        {
            parser.RegisteredTags.Remove(tag);
        }

        return parser;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            StrictFilters = true,
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = Domain.Deadlines.ChinaTime.Zone,
            ModelNamesComparer = StringComparer.Ordinal,
            Undefined = name => throw new TemplateRenderException($"unknown variable '{name}'", inner => Names(inner, name)),
        };
        foreach (var (name, _) in options.Filters.ToList().Where(f => !Filters.Contains(f.Key)))
        {
            options.Filters.Remove(name);
        }

        return options;
    }

    private static bool Names(string inner, string variable) => Regex.IsMatch(inner, $@"(^|[^\w.]){Regex.Escape(variable)}\b");

    [GeneratedRegex(@"\|\s*([A-Za-z_]\w*)")]
    private static partial Regex FilterUse();

    /// <summary>Every filter name a parsed template applies, in every branch.</summary>
    private sealed class FilterNames : AstVisitor
    {
        private readonly List<string> _names = [];

        public IReadOnlyList<string> Collect(IFluidTemplate template)
        {
            VisitTemplate(template);
            return _names;
        }

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            _names.Add(filterExpression.Name);
            return base.VisitFilterExpression(filterExpression);
        }
    }
}
