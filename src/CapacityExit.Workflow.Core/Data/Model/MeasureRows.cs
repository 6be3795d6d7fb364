using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Data.Model;

// The measures around an exit (issue 19): the capacity-replacement ledger, price measures, resettlement, funds,
// land and the credit exchange. Rules live in Domain.Measures; these rows only remember.

/// <summary>
/// An exited capacity item in the replacement ledger, once (its id is the capacity item's), with how much of it plans
/// have drawn. The row appears with the first draw; the check constraint drawn ≤ amount is what makes two plans that
/// draw the same last tonnes at the same moment end with one accepted (the second's update waits, re-reads, fails).
/// </summary>
public sealed class ReplacementLedgerEntry
{
    public int CapacityItemId { get; set; }

    public decimal Amount { get; set; }

    public decimal Drawn { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An accepted capacity-replacement plan (产能置换方案) of a new or rebuilt project.</summary>
public sealed class ReplacementPlan
{
    public long Id { get; set; }

    public required string ProjectName { get; set; }

    /// <summary>The enterprise building the new project, as named on the plan.</summary>
    public required string Applicant { get; set; }

    public int CountyId { get; set; }

    public Industry Industry { get; set; }

    public required string Unit { get; set; }

    public decimal NewCapacity { get; set; }

    public decimal Ratio { get; set; }

    public decimal Required { get; set; }

    public decimal Drawn { get; set; }

    public string? DocumentRef { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public List<ReplacementDraw> Draws { get; set; } = [];
}

public sealed class ReplacementDraw
{
    public long Id { get; set; }

    public long PlanId { get; set; }

    public int CapacityItemId { get; set; }

    public decimal Amount { get; set; }
}

/// <summary>
/// A differential or punitive electricity price (差别电价、惩罚性电价) applied to a case's enterprise, with the notice
/// that applied it and the notice that lifted it. One row per case: the unique index makes each notice once.
/// </summary>
public sealed class PriceMeasure
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public required string Kind { get; set; }

    public DateOnly Since { get; set; }

    public required string Reason { get; set; }

    public long NoticeId { get; set; }

    public DateOnly? LiftedOn { get; set; }

    public string? LiftReason { get; set; }

    public long? LiftNoticeId { get; set; }

    /// <summary>
    /// The notice that told the water supplier to apply its water price (超定额用水累进加价 / 差别水价): the application
    /// notice itself where the supplier was among its recipients, else a later one; null while the supplier was never told.
    /// </summary>
    public long? WaterNoticeId { get; set; }
}

/// <summary>An exiting enterprise's worker resettlement plan (职工安置方案): how each affected worker is placed.</summary>
public sealed class ResettlementPlan
{
    public long Id { get; set; }

    public int EnterpriseId { get; set; }

    public int WorkersAffected { get; set; }

    public int Transferred { get; set; }

    public int Reemployed { get; set; }

    public int EarlyRetired { get; set; }

    public int InsuranceContinued { get; set; }

    public string? DocumentRef { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Award or subsidy funds (奖补资金、专项资金) for an exiting enterprise: applied, approved, paid.</summary>
public sealed class SupportFund
{
    public long Id { get; set; }

    public int EnterpriseId { get; set; }

    public int Year { get; set; }

    /// <summary>Where the money comes from, e.g. 市工业企业结构调整专项奖补资金 (000 §三.6).</summary>
    public required string Source { get; set; }

    public required string DocumentRef { get; set; }

    public decimal Applied { get; set; }

    public decimal? Approved { get; set; }

    public decimal? Paid { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Reuse of an exited enterprise's land (盘活土地, 000 §三.6: 划拨用地可依法由政府收回…).</summary>
public sealed class LandReuse
{
    public long Id { get; set; }

    public int EnterpriseId { get; set; }

    public int Year { get; set; }

    /// <summary>亩.</summary>
    public decimal AreaMu { get; set; }

    /// <summary>How it is reused: 政府收回, 转让, 转产再利用 …</summary>
    public required string Disposal { get; set; }

    public string? DocumentRef { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>An exchange file sent to the credit platform: its rows, so the next one can say what changed.</summary>
public sealed class CreditExport
{
    public long Id { get; set; }

    public int CityId { get; set; }

    public DateTimeOffset ExportedAt { get; set; }

    public required string ExportedBy { get; set; }

    /// <summary>The listed rows as exported: JSON array of CreditRow.</summary>
    public required string Rows { get; set; }
}
