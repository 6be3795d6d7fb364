using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>A province, prefecture city, county/district or development zone. Code is the administrative division code.</summary>
public sealed class Jurisdiction
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    public JurisdictionLevel Level { get; set; }

    public int? ParentId { get; set; }

    public Jurisdiction? Parent { get; set; }

    /// <summary>The jurisdiction profile (workflows/profiles) whose periods and calendars apply, e.g. chenzhou-2017.</summary>
    public string? ProfileId { get; set; }

    /// <summary>The government's office mailbox (县人民政府办公室), where a county's reminders and notices go besides its officers.</summary>
    public string? Mailbox { get; set; }

    /// <summary>The region's government as a notice names it: 北湖区人民政府; a development zone's 管理委员会.</summary>
    public string GovernmentZh => NameZh + (Level == JurisdictionLevel.DevelopmentZone ? "管理委员会" : "人民政府");

    public List<Jurisdiction> Children { get; set; } = [];
}
