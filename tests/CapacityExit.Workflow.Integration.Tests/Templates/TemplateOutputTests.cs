using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Templates;

/// <summary>
/// Every shipped template renders exactly the text recorded in <c>Templates/expected/</c>, under fixed models
/// that take each branch: a full case with every data key filled ("full"), and no case, deadline or step title
/// with blank data ("bare"). The expected files were written by the renderer before the switch to Fluid; after a
/// deliberate template change, run once with CAPEXIT_ACCEPT_TEMPLATE_OUTPUT=1 to record the new text, and review the diff.
/// </summary>
public sealed class TemplateOutputTests
{
    private static readonly string ExpectedRoot = Path.Combine(RepoPaths.Root, "tests", "CapacityExit.Workflow.Integration.Tests", "Templates", "expected");

    private static readonly Dictionary<string, string> FullData = new()
    {
        ["timer"] = "rectifying/rectification-deadline",
        ["bureau"] = "示例市工业和信息化局",
        ["day"] = "2026年7月6日",
        ["dueThisWeek"] = "1. 示例有限公司 示例生产线：2026年7月8日",
        ["overdue"] = "1. 示例有限公司 示例生产线：已逾期3日",
        ["waiting"] = "",
        ["failed"] = "1. 提醒 → office@example.org：550 mailbox unavailable",
        ["filer"] = "示例县人民政府",
        ["year"] = "2026",
        ["report"] = "半年工作总结",
        ["overdue_days"] = "4",
        ["last_day"] = "2026年7月6日",
        ["last_day_iso"] = "2026-07-06",
        ["source"] = "示例实施方案第四条",
        ["to"] = "示例市淘汰落后产能工作领导小组办公室",
        ["reason"] = "报送期限将至",
        ["explanation"] = "期限最后一日为2026年7月6日",
        ["newLastDay"] = "2026-10-06",
        ["detail"] = "复查",
        ["notice"] = "国务院办公厅关于2027年部分节假日安排的通知（示例）",
        ["count"] = "2",
        ["moved"] = "示例有限公司（案件1）：整改期限届满 2027-02-08 → 2027-02-14\n示例二有限公司（案件2）：审批延期申请 2027-01-15 → 2027-01-18",
        ["duty"] = "kiln-reminder",
        ["day"] = "2026年7月6日",
        ["day_iso"] = "2026-07-06",
        ["hours"] = "00:00-24:00",
        ["confirm_by"] = "2026年7月7日",
        ["confirm_by_iso"] = "2026-07-07",
        ["lines"] = "· 示例水泥有限公司 2500吨/日新型干法水泥熟料生产线",
        ["title"] = "水泥熟料装置每月固定时间断电停产",
    };

    public static TheoryData<string> Templates() => new(
        TemplateCatalog.Languages.SelectMany(language => Directory
            .GetFiles(Path.Combine(RepoPaths.Root, "workflows", "templates", language), "*.liquid", SearchOption.AllDirectories)
            .Select(path => language + "/" + Path.GetRelativePath(Path.Combine(RepoPaths.Root, "workflows", "templates", language), path)[..^".liquid".Length].Replace(Path.DirectorySeparatorChar, '/')))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_renders_the_recorded_text(string languageAndKey)
    {
        var (language, key) = (languageAndKey[..languageAndKey.IndexOf('/')], languageAndKey[(languageAndKey.IndexOf('/') + 1)..]);
        var catalog = TemplateCatalog.LoadFromDirectory(Path.Combine(RepoPaths.Root, "workflows", "templates"), Catalog, RepoPaths.Root);
        var template = catalog.Templates.Single(t => t.Language == language && t.Key == key);
        var kind = MessageKinds.All.Contains(key) ? key : TemplateCatalog.Emittable(Catalog).First(e => e.TemplateId == key).Kind;

        var sample = MailModel.Sample(kind, key);
        var full = sample with { Data = FullData };
        var bare = sample with
        {
            Case = null, Deadline = null, StepTitle = null,
            Notice = sample.Notice! with { MeetingAt = null, Place = null, Attendees = ["示例县人民政府主要负责人", "示例县工业和信息化局负责人", "示例县发展和改革局负责人"] },
            Data = new Dictionary<string, string> { ["waiting"] = " ", ["failed"] = "" },
        };

        foreach (var (variant, model) in new[] { ("full", full), ("bare", bare) })
        {
            var rendered = template.Render(model.ToLiquid());
            var actual = rendered.Subject + "\n" + MailTemplate.Separator + "\n" + rendered.Body;
            var path = Path.Combine(ExpectedRoot, language, $"{key}.{variant}.txt");
            if (Environment.GetEnvironmentVariable("CAPEXIT_ACCEPT_TEMPLATE_OUTPUT") == "1")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, actual);
                continue;
            }

            Assert.True(File.Exists(path), $"no recorded output {path}");
            Assert.Equal(File.ReadAllText(path), actual);
        }
    }

    private static WorkflowCatalog Catalog { get; } = WorkflowFileReader.LoadCatalog(Path.Combine(RepoPaths.Root, "workflows"));
}
