namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

/// <summary>The demo accounts (src/CapacityExit.Workflow.Core/Demo/DemoData.cs), one for each role, and their password.</summary>
public static class DemoPeople
{
    public const string Password = "capexit-demo-2026";

    public const string Office = "chenzhou-office";
    public const string IndustryOfficer = "chenzhou-industryit";
    public const string DevelopmentOfficer = "chenzhou-development";
    public const string EnvironmentOfficer = "chenzhou-environment";
    public const string County = "chenzhou-county";
    public const string Supervisor = "chenzhou-supervisor";
    public const string Auditor = "chenzhou-auditor";
    public const string Admin = "admin";

    /// <summary>Names as the header shows them.</summary>
    public const string SupervisorName = "演示用户·郴州市人民政府审批人";
}
