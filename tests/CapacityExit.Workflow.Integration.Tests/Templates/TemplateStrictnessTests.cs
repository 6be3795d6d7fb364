using CapacityExit.Workflow.Core.Templates;

namespace CapacityExit.Workflow.Integration.Tests.Templates;

/// <summary>Fluid's strict options as the templates use them: unknown names and filters fail with a position, nil stays nil.</summary>
public sealed class TemplateStrictnessTests
{
    private static readonly IReadOnlyDictionary<string, object?> Model = MailModel.Sample("notice", "notice").ToLiquid();

    [Theory]
    [InlineData("s\n---\n第一行\n第二行 {{ enterprize.name }}", 4, 5, "unknown variable 'enterprize'")]
    [InlineData("s {{ notice.numbr }}\n---\nb", 1, 3, "'notice' has no 'numbr'")]
    [InlineData("s\n---\n{% if case %}{{ case.id }}{% else %}{{ case.id | upcase }}{% endif %}", 3, 37, "unknown filter 'upcase'")]
    public void Unknown_names_and_filters_fail_where_they_are_written(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<TemplateException>(() => MailTemplate.Parse("t.liquid", "zh", "notice", text).Render(Model));
        var error = Assert.Single(e.Errors);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% assign x = 1 %}", "unknown tag 'assign'")]
    [InlineData("{% render 'x' %}", "unknown tag 'render'")]
    [InlineData("{% for x in notice.attendees %}", "'for' is never closed with 'endfor'")]
    public void Tags_beyond_the_language_are_refused(string body, string reason)
    {
        var e = Assert.Throws<TemplateException>(() => MailTemplate.Parse("t.liquid", "zh", "notice", "s\n---\n" + body));
        Assert.StartsWith(reason, Assert.Single(e.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nil_values_and_missing_message_data_render_empty()
    {
        var model = MailModel.Sample("notice", "notice") with { Case = null, StepTitle = null };
        var text = MailTemplate.Parse("t.liquid", "zh", "notice", "[{{ case }}][{{ case.url }}][{{ message.step_title }}][{{ data.nothing }}]\n---\nb")
            .Render(model.ToLiquid());
        Assert.Equal("[][][][]", text.Subject);
    }
}
