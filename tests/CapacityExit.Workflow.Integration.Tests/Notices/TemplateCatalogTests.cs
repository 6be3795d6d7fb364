using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>The shipped templates load and cover the engine; broken ones are refused with file, line and column.</summary>
public sealed class TemplateCatalogTests
{
    private static readonly WorkflowCatalog Workflows = WorkflowFileReader.LoadCatalog(Path.Combine(RepoPaths.Root, "workflows"));

    [Fact]
    public void Shipped_templates_load_and_every_message_the_engine_can_emit_has_one_in_each_language()
    {
        var catalog = TemplateCatalog.LoadFromDirectory(Path.Combine(RepoPaths.Root, "workflows", "templates"), Workflows, RepoPaths.Root);
        Assert.Empty(catalog.Uncovered(Workflows));
        Assert.Contains(TemplateCatalog.Emittable(Workflows), e => e == ("reminder", "energy/reminder"));
        Assert.Contains(TemplateCatalog.Emittable(Workflows), e => e == ("deadline-passed", "energy/rectification-deadline"));
        Assert.Equal(MessageKinds.All.Count * 2, catalog.Templates.Count);
    }

    [Fact]
    public void Broken_templates_are_refused_with_every_file_line_and_reason()
    {
        using var temp = new TempRoot();
        var dir = temp.Workflow("templates");
        // line 5 of the body part: an 'if' never closed
        Replace(Path.Combine(dir, "zh", "reminder.liquid"), "{% if deadline.explanation %}期限计算：{{ deadline.explanation }}{% endif %}", "{% if deadline.explanation %}期限计算：");
        // a misspelt variable on the subject line, column 9
        Replace(Path.Combine(dir, "en", "notice.liquid"), "[Notice] {{ enterprise.name }}", "[Notice] {{ enterprise.nmae }}");
        File.WriteAllText(Path.Combine(dir, "zh", "recurring.liquid"), "subject {{ case.id | shout }}\n---\nbody\n");
        Directory.CreateDirectory(Path.Combine(dir, "zh", "energy"));
        File.WriteAllText(Path.Combine(dir, "zh", "energy", "rectification-dedline.liquid"), "s\n---\nb\n");
        File.Delete(Path.Combine(dir, "en", "task-assigned.liquid"));

        var e = Assert.Throws<TemplateException>(() => TemplateCatalog.LoadFromDirectory(dir, Workflows, temp.Path));
        var lines = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains("workflows/templates/zh/reminder.liquid:8:1: 'if' is never closed with 'endif'", lines);
        Assert.Contains(lines, l => l.StartsWith("workflows/templates/en/notice.liquid:1:10: 'enterprise' has no 'nmae'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("workflows/templates/zh/recurring.liquid:1:9: unknown filter 'shout'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("workflows/templates/zh/energy/rectification-dedline.liquid:1:1: 'energy/rectification-dedline' is neither", StringComparison.Ordinal));
        Assert.Contains("workflows/templates/en/task-assigned.liquid: missing: every message of kind 'task-assigned' needs a en template", lines);
        Assert.Equal(5, lines.Count);
        Assert.Contains("reminder.liquid:8:1", e.Message);
    }

    [Theory]
    [InlineData("a\n{% for x %}\n---\nb", 2, 1, "'for' needs 'for item in list'")]
    [InlineData("a\n---\nline\n  {{ case.id ", 4, 3, "output '{{' is never closed")]
    [InlineData("a\n---\n{% endif %}", 3, 1, "'endif' without an opening tag")]
    [InlineData("a\n---\nx {% include 'y' %}", 3, 3, "unknown tag 'include'")]
    [InlineData("a {{ x | }}\n---\n", 1, 3, "a filter name is missing")]
    [InlineData("no separator", 1, 1, "no line '---'")]
    public void Syntax_errors_carry_their_line_and_column(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<TemplateException>(() => MailTemplate.Parse("t.liquid", "zh", "reminder", text));
        var error = Assert.Single(e.Errors);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_subset_renders_loops_conditions_filters_and_open_data()
    {
        var t = MailTemplate.Parse("t.liquid", "zh", "notice",
            "{{ notice.number }} {% if case %}有案件{% else %}无案件{% endif %}\n---\n{%- for p in notice.attendees -%}{{ forloop.index }}.{{ p }}{% unless forloop.last %}、{% endunless %}{%- endfor %}\n{{ data.missing | default: \"无\" }}|{{ data.timer }}|{{ notice.attendees | join: \"/\" }}|{% if deadline.explanation != blank %}有说明{% endif %}");
        var model = MailModel.Sample("notice", "notice") with { Case = null };
        var text = t.Render(model.ToLiquid());
        Assert.Equal("示淘汰办〔2026〕1号 无案件", text.Subject);
        Assert.Equal("1.示例县人民政府分管负责人\n无|rectifying/rectification-deadline|示例县人民政府分管负责人|有说明\n", text.Body);
    }

    private static void Replace(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
