namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>
/// The role ids the workflow files use (workflows/profiles role tables), and which of them each person's role
/// holds on a case within their scope.
/// </summary>
public static class WorkflowRoleIds
{
    public const string BureauOfficer = "bureau-officer";
    public const string Enterprise = "enterprise";
    public const string CountyGovernment = "county-government";
    public const string Supervisor = "supervisor";
    public const string PrefectureGovernment = "prefecture-government";
    public const string LeadingGroupOffice = "leading-group-office";

    /// <summary>The responsible bureau's officer; they also record what the enterprise files (it has no account).</summary>
    public static readonly IReadOnlyCollection<string> ForBureauOfficer = [BureauOfficer, Enterprise];

    public static readonly IReadOnlyCollection<string> ForCountyOfficer = [CountyGovernment];

    /// <summary>有批准权的人民政府: the city government that approves extensions and closures.</summary>
    public static readonly IReadOnlyCollection<string> ForSupervisor = [Supervisor, PrefectureGovernment];

    public static readonly IReadOnlyCollection<string> ForLeadingGroupOffice = [LeadingGroupOffice];
}
