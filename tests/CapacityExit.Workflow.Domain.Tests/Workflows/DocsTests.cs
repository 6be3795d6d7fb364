using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

public sealed class DocsTests
{
    [Theory]
    [InlineData("energy")]
    [InlineData("quality")]
    [InlineData("safety")]
    [InlineData("environment")]
    [InlineData("technology")]
    public void The_documented_picture_is_the_one_the_graph_command_draws(string id)
    {
        var doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "workflow-definitions.md")).ReplaceLineEndings("\n");
        var picture = GraphRenderer.Mermaid(Repo.Catalog.Latest(id)).ReplaceLineEndings("\n");
        Assert.Contains($"```mermaid\n{picture}```", doc);
    }
}
