namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>A production line or main equipment, with its capacity (e.g. 60 万吨/年).</summary>
public sealed class CapacityItem
{
    public int Id { get; set; }

    public int EnterpriseId { get; set; }

    public Enterprise? Enterprise { get; set; }

    public required string Description { get; set; }

    public decimal Amount { get; set; }

    public required string Unit { get; set; }
}
