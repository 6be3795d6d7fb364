using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>A functional bureau (or the leading-group office) of one jurisdiction, with the standards it enforces.</summary>
public sealed class Bureau
{
    public int Id { get; set; }

    public int JurisdictionId { get; set; }

    public Jurisdiction? Jurisdiction { get; set; }

    public BureauKind Kind { get; set; }

    public required string NameZh { get; set; }

    public List<Standard> Standards { get; set; } = [];

    public string? Mailbox { get; set; }
}
