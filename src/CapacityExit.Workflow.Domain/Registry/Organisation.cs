namespace CapacityExit.Workflow.Domain.Registry;

/// <summary>Levels of the jurisdiction hierarchy.</summary>
public enum JurisdictionLevel
{
    Province,        // 省
    PrefectureCity,  // 地级市 / 省辖市
    CountyDistrict,  // 县（市、区）
    DevelopmentZone, // 开发区（管委会）
}

/// <summary>The bureaus that run cases, and the leading-group office that oversees them (DOMAIN.md "Who uses it").</summary>
public enum BureauKind
{
    LeadingGroupOffice,   // 淘汰落后产能工作领导小组办公室
    Development,          // 发改
    IndustryIT,           // 工信 / 经信
    Environment,          // 生态环境
    MarketRegulation,     // 市场监管
    EmergencyManagement,  // 应急管理
}

/// <summary>The roles people hold in the back office.</summary>
public enum Role
{
    LeadingGroupOffice, // 领导小组办公室
    BureauOfficer,      // 职能部门经办人
    CountyOfficer,      // 县（市、区）经办人
    Supervisor,         // 有批准权的人民政府（审批人）
    Auditor,            // 审计（只读）
    Admin,              // 系统管理员
}

public static class BureauStandards
{
    /// <summary>
    /// Which standards a bureau enforces by default: energy with 发改 and 工信, technology with 工信,
    /// environment with 生态环境, quality with 市场监管, safety with 应急管理 (001 §三.(三), 002 §二.(二)).
    /// </summary>
    public static IReadOnlyList<Standard> Default(BureauKind kind) => kind switch
    {
        BureauKind.Development => [Standard.Energy],
        BureauKind.IndustryIT => [Standard.Energy, Standard.Technology],
        BureauKind.Environment => [Standard.Environment],
        BureauKind.MarketRegulation => [Standard.Quality],
        BureauKind.EmergencyManagement => [Standard.Safety],
        BureauKind.LeadingGroupOffice => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Zh(this BureauKind kind) => kind switch
    {
        BureauKind.LeadingGroupOffice => "淘汰落后产能工作领导小组办公室",
        BureauKind.Development => "发展和改革委员会",
        BureauKind.IndustryIT => "工业和信息化局",
        BureauKind.Environment => "生态环境局",
        BureauKind.MarketRegulation => "市场监督管理局",
        BureauKind.EmergencyManagement => "应急管理局",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
