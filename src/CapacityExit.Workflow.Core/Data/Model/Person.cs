using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>A user of the back office with one role, scoped to a jurisdiction and, for bureau officers, a bureau.</summary>
public sealed class Person
{
    public int Id { get; set; }

    public required string Login { get; set; }

    public required string DisplayName { get; set; }

    public string? Email { get; set; }

    public Role Role { get; set; }

    public int JurisdictionId { get; set; }

    public Jurisdiction? Jurisdiction { get; set; }

    public int? BureauId { get; set; }

    public Bureau? Bureau { get; set; }
}
