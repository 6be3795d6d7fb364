using CapacityExit.Workflow.Domain.Tests.Workflows;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Programmes;

/// <summary>
/// 000 §二 水泥: 倡导通过行业自律组织…组织水泥熟料装置每月固定时间断电停产 — encouraged, not ordered. Whether an unconfirmed stop
/// climbs to 通报 and 约谈 is the profile's setting, off unless the profile writes why.
/// </summary>
public sealed class KilnStopForceTests
{
    [Fact]
    public void Chenzhou_keeps_the_kiln_stop_off_the_ladder_and_a_profile_that_escalates_must_say_why_000_2_cement()
    {
        Assert.False(Repo.Catalog.Profile("chenzhou-2017").KilnShutdown!.Escalates);

        string Profile(string replacement) => File.ReadAllText(Path.Combine(Repo.Root, "workflows", "profiles", "chenzhou-2017.yaml"))
            .Replace("  escalate: false\n", replacement, StringComparison.Ordinal);
        IEnumerable<(string, string)> Files(string text) =>
            Repo.ProfileFiles().Select(f => f.File.EndsWith("chenzhou-2017.yaml", StringComparison.Ordinal) ? (f.File, text) : f);

        var error = Assert.Throws<WorkflowDefinitionException>(() => WorkflowCatalog.Parse(Repo.DefinitionFiles(), Files(Profile("  escalate: true\n"))));
        Assert.Contains("escalate-because", error.Message, StringComparison.Ordinal);

        var catalog = WorkflowCatalog.Parse(Repo.DefinitionFiles(), Files(Profile("  escalate: true\n  escalate-because: 市政府常务会议决定纳入考核（示例）\n")));
        Assert.True(catalog.Profile("chenzhou-2017").KilnShutdown!.Escalates);
        // Without the key at all the stop stays off the ladder.
        Assert.False(WorkflowCatalog.Parse(Repo.DefinitionFiles(), Files(Profile(""))).Profile("chenzhou-2017").KilnShutdown!.Escalates);
    }
}
