using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// 001 §四.(七) (002 严格执法监管; 003 §二.(三).1): 对因工艺装备落后、环保和能耗不达标被依法关停的企业，报请…注销生产许可证.
/// The closures of the three standards the clause names open the permit duty in their latest definitions; safety keeps
/// its own licence revocation (001 §三.(三).4) and quality its own permit step. The new versions take over v1's cases.
/// </summary>
public sealed class PermitCancellationDefinitionTests
{
    [Theory]
    [InlineData("energy", new[] { "closing" })]
    [InlineData("environment", new[] { "closing" })]
    [InlineData("technology", new[] { "demolishing", "sealing" })]
    [InlineData("safety", new string[0])]
    [InlineData("quality", new string[0])]
    public void The_closures_named_by_001_4_7_open_the_permit_duty(string definitionId, string[] states)
    {
        var latest = Repo.Catalog.Latest(definitionId);
        Assert.Equal(states, latest.States.Values.Where(s => s.Duties.Contains(StateDuties.PermitCancellation)).Select(s => s.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("energy")]
    [InlineData("environment")]
    [InlineData("technology")]
    public void The_v2_definitions_take_over_running_v1_cases_state_by_state(string definitionId)
    {
        var v2 = Repo.Catalog.Get(definitionId, 2);
        var v1 = Repo.Catalog.Get(definitionId, 1);
        Assert.Equal([1], v2.MigratesFrom);
        Assert.All(v1.States.Keys, s => Assert.True(v2.States.ContainsKey(s), s));
        Assert.Empty(v1.States.Values.SelectMany(s => s.Duties));
    }

    [Fact]
    public void An_unknown_duty_and_a_version_that_drops_a_state_of_the_one_it_takes_over_are_refused()
    {
        var files = Repo.DefinitionFiles().Select(f => f.File.EndsWith("energy.v2.yaml", StringComparison.Ordinal)
            ? (f.File, f.Text.Replace("duties: [permit-cancellation]", "duties: [permit-cancelation]", StringComparison.Ordinal)
                .Replace("  extended:\n", "  extended-period:\n", StringComparison.Ordinal).Replace("to: extended\n", "to: extended-period\n", StringComparison.Ordinal))
            : f).ToList();
        var error = Assert.Throws<WorkflowDefinitionException>(() => WorkflowCatalog.Parse(files, Repo.ProfileFiles()));
        Assert.Contains("unknown duty 'permit-cancelation'", error.Message, StringComparison.Ordinal);
        Assert.Contains("state 'extended' of v1 is not in v2", error.Message, StringComparison.Ordinal);
    }
}
