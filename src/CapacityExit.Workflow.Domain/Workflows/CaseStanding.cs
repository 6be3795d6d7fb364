namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// What a case means to the public lists, derived from the definition and the state, never typed by hand:
/// the red or yellow card (001 §五.(四), 002 §四.(二), 003 §三.(四)), the joint credit punishment of an
/// enterprise that missed its exit deadline (000 §三.2, 001 §四.(八), 002 §三.(八), 003 §四.(二)), and the
/// lists the case belongs on (the state's 'lists', e.g. annual-exit-list, over-emission).
/// </summary>
public sealed record CaseStanding(Card Card, bool CreditPunishment, string? ExitDeadlineMissedOn, CaseOutcome? Outcome, IReadOnlyList<string> PublicLists)
{
    /// <summary>Set by the engine when an exit deadline (a timer or task marked exit-deadline) passes unmet.</summary>
    public const string ExitDeadlineMissedVariable = "exitDeadlineMissedOn";

    public const string YellowCardList = "yellow-card";
    public const string RedCardList = "red-card";
    public const string CreditPunishmentList = "credit-punishment";

    public static CaseStanding Of(WorkflowDefinition definition, string state, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(variables);
        var s = definition.State(state);
        var missed = variables.GetValueOrDefault(ExitDeadlineMissedVariable);
        // A missed exit deadline stays a fact after the exit; a withdrawn case was a mistake and lists nothing.
        var punished = missed is not null && s.Final != CaseOutcome.Withdrawn;
        var lists = new List<string>();
        if (s.Card == Card.Yellow)
        {
            lists.Add(YellowCardList);
        }
        else if (s.Card == Card.Red)
        {
            lists.Add(RedCardList);
        }

        if (punished)
        {
            lists.Add(CreditPunishmentList);
        }

        lists.AddRange(s.PublicLists.Where(l => !lists.Contains(l)));
        return new CaseStanding(s.Card, punished, punished ? missed : null, s.Final, lists);
    }

    public static CaseStanding Of(WorkflowDefinition definition, WorkflowInstanceState state) =>
        Of(definition, state.State, state.Variables);
}
