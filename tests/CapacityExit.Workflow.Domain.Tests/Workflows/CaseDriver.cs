using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// Drives one case of a real definition through the engine on a virtual clock: takes a named edge of the
/// graph (an event, a task outcome or a timer) the way a person or the dispatcher would.
/// </summary>
public sealed class CaseDriver
{
    private int _users;

    public CaseDriver(string definitionId, string profileId = "chenzhou-2017", DateOnly? found = null, Dictionary<string, string>? facts = null)
    {
        Definition = Repo.Catalog.Latest(definitionId);
        Profile = Repo.Catalog.Profile(profileId);
        Now = new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.FromHours(8));
        var start = Repo.Engine.Start(Definition, Profile, new CaseFacts(definitionId, found ?? DateOnly.FromDateTime(Now.DateTime), facts ?? DefaultFacts(definitionId)), Now);
        Results.Add(start);
        State = start.NewState;
    }

    public WorkflowDefinition Definition { get; }

    public JurisdictionProfile Profile { get; }

    public DateTimeOffset Now { get; set; }

    public WorkflowInstanceState State { get; private set; }

    public List<TransitionResult> Results { get; } = [];

    public TransitionResult Last => Results[^1];

    public static Dictionary<string, string> DefaultFacts(string id) => id switch
    {
        "environment" => new() { ["orderPeriod"] = "P3M" },
        "technology" => new() { ["demolitionDate"] = "2026-06-30" },
        "safety" => new() { ["orderPeriod"] = "P3M" },
        _ => [],
    };

    public IReadOnlyList<string> RolesOf(IEnumerable<RoleRef> refs) =>
        refs.SelectMany(r => r.ProfileKey is { } k ? Profile.Roles[k].RoleIds : [r.Text]).Distinct().ToList();

    public Actor NewActor(params string[] roles) => new($"user-{++_users}", roles);

    public TransitionResult Apply(WorkflowEvent e)
    {
        var result = Repo.Engine.Apply(Definition, Profile, State, e, Now);
        Results.Add(result);
        State = result.NewState;
        return result;
    }

    public TransitionResult Command(string name, Actor actor, Dictionary<string, string>? data = null) =>
        Apply(new CommandIssued(name, actor, data ?? []));

    public TransitionResult Fire(string key)
    {
        var timer = State.Timers.Single(t => t.Key == key);
        if (timer.DueAt > Now)
        {
            Now = timer.DueAt;
        }

        return Apply(new TimerFired(key, timer.DueAt));
    }

    /// <summary>Fires every open timer due before <paramref name="key"/>, then it.</summary>
    public TransitionResult FireThrough(string key)
    {
        var target = State.Timers.Single(t => t.Key == key);
        foreach (var earlier in State.Timers.Where(t => t.DueAt < target.DueAt).OrderBy(t => t.DueAt).ToList())
        {
            Fire(earlier.Key);
        }

        return Fire(key);
    }

    /// <summary>
    /// The bureau's re-inspection once a deadline has passed: the case officer completes the open
    /// <c>reinspection/reinspection</c> task with <paramref name="outcome"/> (passed or failed).
    /// </summary>
    public TransitionResult Reinspect(string outcome)
    {
        var task = State.Tasks.Single(t => t.Key == "reinspection/reinspection");
        return Command("complete-task", NewActor(task.AssigneeRole), new() { ["task"] = task.Key, ["outcome"] = outcome });
    }

    /// <summary>Takes one edge of the graph out of the current state.</summary>
    public TransitionResult Take(GraphRenderer.Edge edge)
    {
        var state = Definition.State(State.State);
        if (edge.Label.StartsWith("⏰ ", StringComparison.Ordinal))
        {
            return FireThrough($"{State.State}/{edge.Label[2..]}");
        }

        if (edge.Label.StartsWith("✔ ", StringComparison.Ordinal))
        {
            var parts = edge.Label[2..].Split(" = ");
            var task = state.Tasks.Single(t => t.Name == parts[0]);
            var outcome = task.Outcomes.Single(o => o.Event == parts[1]);
            var roles = outcome.By.Count > 0 ? RolesOf(outcome.By) : RolesOf([task.Assignee]);
            var data = DataFor(outcome);
            data["task"] = $"{State.State}/{task.Name}";
            data["outcome"] = outcome.Event;
            return Command("complete-task", NewActor([.. roles]), data);
        }

        var t = state.On.Concat(Definition.FromAnyOpenState).Single(x => x.Event == edge.Label);
        return Command(t.Event, NewActor([.. RolesOf(t.By)]), DataFor(t));
    }

    /// <summary>An enterprise's complete application (经申请可延长): the new last day, why, and its document's reference.</summary>
    public static Dictionary<string, string> ExtensionRequest(string requestedLastDay = "2026-10-15") => new()
    {
        ["requestedLastDay"] = requestedLastDay,
        ["reason"] = "节能改造设备到货延迟",
        ["documentRef"] = "示例建材〔2026〕3号",
    };

    public TransitionResult RequestExtension(Actor actor, string requestedLastDay = "2026-10-15") =>
        Command("request-extension", actor, ExtensionRequest(requestedLastDay));

    private Dictionary<string, string> DataFor(TransitionDefinition t)
    {
        var data = t.Requires.ToDictionary(f => f, f => $"{f} given");
        if (t.Extension is { } ext)
        {
            data[ext.Field] = DateOnly.ParseExact(State.Variables[ext.Of], "yyyy-MM-dd").AddMonths(1).ToString("yyyy-MM-dd");
        }

        return data;
    }
}
