using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Web;

/// <summary>How the pages name roles and bureau kinds, in the reader's language.</summary>
public static class Names
{
    public static string Of(Role role) => role switch
    {
        Role.LeadingGroupOffice => Text.T("领导小组办公室", "Leading-group office"),
        Role.BureauOfficer => Text.T("职能部门经办人", "Bureau officer"),
        Role.CountyOfficer => Text.T("县（市、区）经办人", "County officer"),
        Role.Supervisor => Text.T("审批人（有批准权的人民政府）", "Supervisor"),
        Role.Auditor => Text.T("审计员（只读）", "Auditor (read-only)"),
        Role.Admin => Text.T("系统管理员", "Administrator"),
        _ => role.ToString(),
    };

    public static string Of(BureauKind kind) => Text.English ? kind switch
    {
        BureauKind.LeadingGroupOffice => "Leading-group office",
        BureauKind.Development => "Development and reform",
        BureauKind.IndustryIT => "Industry and IT",
        BureauKind.Environment => "Ecology and environment",
        BureauKind.MarketRegulation => "Market regulation",
        BureauKind.EmergencyManagement => "Emergency management",
        _ => kind.ToString(),
    } : kind.Zh();
}
