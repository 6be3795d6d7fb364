using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// Every edge of every real definition, taken by the engine: reach the edge's state along the shortest route,
/// take it, and go on to a final state. Together these cover every path a case can take, and every path ends
/// in compliant, exited or withdrawn.
/// </summary>
public sealed class EveryPathTests
{
    public static TheoryData<string, string, string, string> AllEdges()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var id in Repo.Catalog.DefinitionIds)
        {
            foreach (var e in GraphRenderer.Edges(Repo.Catalog.Latest(id)))
            {
                data.Add(id, e.From, e.Label, e.To);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllEdges))]
    public void Each_edge_leads_where_the_graph_says_and_on_to_an_end(string definitionId, string from, string label, string to)
    {
        var driver = new CaseDriver(definitionId);
        var definition = driver.Definition;
        var edges = GraphRenderer.Edges(definition);
        foreach (var step in Route(edges, definition.Initial, from))
        {
            driver.Take(step);
            Assert.Equal(step.To, driver.State.State);
        }

        driver.Take(new GraphRenderer.Edge(from, to, label));
        Assert.Equal(to, driver.State.State);

        foreach (var step in RouteToEnd(definition, edges, to))
        {
            driver.Take(step);
            Assert.Equal(step.To, driver.State.State);
        }

        var end = definition.State(driver.State.State);
        Assert.True(end.IsFinal, $"{definition.Id}: ended in open state {end.Name}");
        Assert.Contains(end.Final!.Value, new[] { CaseOutcome.Compliant, CaseOutcome.Exited, CaseOutcome.Withdrawn });
        // A finished case holds nothing open: no reminder can be sent for it.
        Assert.Empty(driver.State.Timers);
        Assert.Empty(driver.State.Tasks);
    }

    [Fact]
    public void All_five_standards_have_a_definition()
    {
        Assert.Equal(["energy", "environment", "quality", "safety", "technology"], Repo.Catalog.DefinitionIds);
    }

    private static List<GraphRenderer.Edge> Route(IReadOnlyList<GraphRenderer.Edge> edges, string from, string to)
    {
        var previous = new Dictionary<string, GraphRenderer.Edge>();
        var queue = new Queue<string>([from]);
        var seen = new HashSet<string> { from };
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            // Withdrawal ends a case; routes go the long way round.
            foreach (var e in edges.Where(e => e.From == s && e.Label != "withdraw" && seen.Add(e.To)))
            {
                previous[e.To] = e;
                queue.Enqueue(e.To);
            }
        }

        var route = new List<GraphRenderer.Edge>();
        for (var s = to; s != from; s = previous[s].From)
        {
            route.Insert(0, previous[s]);
        }

        return route;
    }

    private static List<GraphRenderer.Edge> RouteToEnd(WorkflowDefinition d, IReadOnlyList<GraphRenderer.Edge> edges, string from)
    {
        if (d.State(from).IsFinal)
        {
            return [];
        }

        return d.States.Values.Where(s => s.IsFinal && s.Final != CaseOutcome.Withdrawn)
            .Select(s => TryRoute(edges, from, s.Name))
            .Where(r => r is not null)
            .OrderBy(r => r!.Count)
            .First()!;
    }

    private static List<GraphRenderer.Edge>? TryRoute(IReadOnlyList<GraphRenderer.Edge> edges, string from, string to)
    {
        try
        {
            return Route(edges, from, to);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
