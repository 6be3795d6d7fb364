using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Data.Model;

public enum CaseStatus
{
    Open,
    Compliant, // rectified
    Exited,    // closed and accepted
    Withdrawn, // withdrawn with a reason
}

/// <summary>One capacity item failing one standard, found on a date, run by one responsible bureau.</summary>
public sealed class Case
{
    public long Id { get; set; }

    public int CapacityItemId { get; set; }

    public CapacityItem? CapacityItem { get; set; }

    public Standard Standard { get; set; }

    public DateOnly FindingDate { get; set; }

    /// <summary>The legal basis as written on the order, e.g. the clause of the work plan.</summary>
    public required string LegalBasis { get; set; }

    public int ResponsibleBureauId { get; set; }

    public Bureau? ResponsibleBureau { get; set; }

    public CaseStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
