using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>What the service knows about a case when deciding who may act on it.</summary>
public sealed record CaseScope(long CaseId, int ResponsibleBureauId, int EnterpriseCountyId, IReadOnlySet<int> CountyAndAncestors);

/// <summary>
/// Which workflow roles a person holds on one case. The engine then checks each command against the roles
/// its definition allows (and that nobody decides their own request). Scope rules (属地责任): a bureau officer
/// acts only on the cases of their own bureau; county officers, supervisors and the leading-group office only
/// on cases in their jurisdiction or below (the scope rule, <see cref="Cases.CaseReadAccess"/>); auditors and administrators hold no case role, so change nothing.
/// </summary>
public static class CaseAccess
{
    public static IReadOnlyCollection<string> WorkflowRoles(Person person, CaseScope scope)
    {
        var inJurisdiction = Cases.CaseReadAccess.Covers(person, scope.CountyAndAncestors);
        return person.Role switch
        {
            // The bureau also records what the enterprise files (an extension application, its commitment).
            Role.BureauOfficer when person.BureauId == scope.ResponsibleBureauId => WorkflowRoleIds.ForBureauOfficer,
            Role.CountyOfficer when inJurisdiction => WorkflowRoleIds.ForCountyOfficer,
            Role.Supervisor when inJurisdiction => WorkflowRoleIds.ForSupervisor,
            Role.LeadingGroupOffice when inJurisdiction => WorkflowRoleIds.ForLeadingGroupOffice,
            _ => [],
        };
    }

    /// <summary>Why a person holds no role on the case, for the error message (Chinese, English).</summary>
    public static (string Zh, string En) WhyNoRole(Person person) => person.Role switch
    {
        Role.Auditor => ("审计人员只能查看，不能办理案件", "auditors may look but change nothing"),
        Role.Admin => ("系统管理员不办理案件", "administrators do not act on cases"),
        Role.BureauOfficer => ("只能办理本部门负责的案件", "a bureau officer acts only on their own bureau's cases"),
        _ => ("该案件不在您的辖区内", "the case lies outside your jurisdiction"),
    };
}
