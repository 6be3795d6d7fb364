using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

public sealed class MigrationAndGraphTests
{
    /// <summary>A next version of the newest energy definition, with 'overdue' renamed.</summary>
    private static WorkflowDefinition EnergyV2() => Repo.Catalog.Latest("energy") with
    {
        Version = Repo.Catalog.Latest("energy").Version + 1,
        States = Repo.Catalog.Latest("energy").States.Values
            .Select(s => s.Name == "overdue" ? s with { Name = "closure-approval" } : s)
            .ToDictionary(s => s.Name),
    };

    [Fact]
    public void A_running_case_moves_to_the_new_version_with_its_timers_and_tasks()
    {
        var driver = new CaseDriver("energy");
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        var now = driver.Now.AddDays(1);
        var moved = VersionMigration.Apply(driver.State, EnergyV2(), new Dictionary<string, string> { ["overdue"] = "closure-approval" }, now);
        Assert.Equal((EnergyV2().Version, "closure-approval"), (moved.NewState.Version, moved.NewState.State));
        Assert.All(moved.NewState.Tasks, t => Assert.Equal("closure-approval", t.OwnerState));
        Assert.Equal(driver.State.Tasks.Single().DueAt, moved.NewState.Tasks.Single().DueAt);
        Assert.Equal(("overdue", "closure-approval", now), (moved.History.FromState, moved.History.ToState, moved.History.At));
        Assert.Equal($"migrated v{driver.State.Version} → v{EnergyV2().Version}", moved.History.What);
    }

    [Fact]
    public void A_mapping_to_a_state_the_new_version_lacks_is_refused()
    {
        var driver = new CaseDriver("energy");
        var e = Assert.Throws<WorkflowRuleException>(() =>
            VersionMigration.Apply(driver.State, EnergyV2(), new Dictionary<string, string> { ["rectifying"] = "nowhere" }, driver.Now));
        Assert.Equal("migration-unknown-state", e.Code);
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        Assert.Equal("migration-unknown-state",
            Assert.Throws<WorkflowRuleException>(() => VersionMigration.Apply(driver.State, EnergyV2(), new Dictionary<string, string>(), driver.Now)).Code);
    }

    [Fact]
    public void Instances_keep_their_version()
    {
        var driver = new CaseDriver("energy");
        Assert.Throws<ArgumentException>(() => Repo.Engine.Apply(EnergyV2(), driver.Profile, driver.State,
            new CommandIssued("reinspection-passed", driver.NewActor("bureau-officer"), new Dictionary<string, string>()), driver.Now));
    }

    [Fact]
    public void The_mermaid_picture_shows_every_edge()
    {
        var text = GraphRenderer.Mermaid(Repo.Catalog.Latest("energy"));
        Assert.StartsWith("stateDiagram-v2", text);
        Assert.Contains("[*] --> rectifying", text);
        Assert.Contains("rectifying --> reinspection : ⏰ rectification-deadline", text);
        Assert.Contains("extended --> reinspection : ⏰ extension-deadline", text);
        Assert.Contains("reinspection --> compliant : ✔ reinspection = passed", text);
        Assert.Contains("reinspection --> overdue : ✔ reinspection = failed", text);
        Assert.Contains("extension_review --> rectifying : reject-extension", text);
        Assert.Contains("overdue --> closing : ✔ closure-approval = approved", text);
        Assert.Contains("exited --> [*]", text);
        Assert.DoesNotContain("compliant --> withdrawn", text);
    }

    [Fact]
    public void The_dot_picture_is_a_digraph()
    {
        var text = GraphRenderer.Dot(Repo.Catalog.Latest("technology"));
        Assert.StartsWith("digraph \"technology.v2\" {", text);
        Assert.Contains("\"sealing\" -> \"public-commitment\" [label=\"✔ sealing-measures = sealed\"];", text);
        Assert.EndsWith("}\n", text.ReplaceLineEndings("\n"));
    }
}
