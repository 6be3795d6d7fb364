namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>
/// A report received by the leading-group office: one filer's (a county, or a bureau) report of the profile's
/// report calendar for one year (000 §四.1: 每年7月和12月…将半年和年度淘汰落后产能工作情况报市淘汰落后产能工作领导小组办公室).
/// </summary>
public sealed class ReportSubmission
{
    public long Id { get; set; }

    /// <summary>The city whose office receives it.</summary>
    public int CityId { get; set; }

    /// <summary>The report's name in the profile (half-year-report).</summary>
    public required string Report { get; set; }

    public int Year { get; set; }

    /// <summary>"jurisdiction:&lt;id&gt;" or "bureau:&lt;id&gt;": who filed it.</summary>
    public required string FilerKey { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public required string RecordedBy { get; set; }

    public string? Note { get; set; }
}

/// <summary>
/// A region's exit target for a year (年度落后产能退出目标任务, 001 §五.(五); 002 §二.(一): 10月31日前全部退出到位),
/// set by the city's leading-group office: capacity in one unit, optionally of one industry, to exit by a day.
/// </summary>
public sealed class AnnualTarget
{
    public long Id { get; set; }

    /// <summary>The county, district or development zone the target binds.</summary>
    public int JurisdictionId { get; set; }

    public int Year { get; set; }

    public required string Description { get; set; }

    public decimal Amount { get; set; }

    public required string Unit { get; set; }

    /// <summary>The last day by which the capacity must have exited (the case's workflow finished as exited).</summary>
    public DateOnly DueOn { get; set; }

    public required string SetBy { get; set; }

    public DateTimeOffset SetAt { get; set; }
}

/// <summary>
/// A step taken on a late subject that is not a case step (a report, a target): a reminder before or after its day,
/// a 通报 or 约谈 (then with its notice). The region's history of what was done about it, and what the
/// <c>EscalationPlan</c> reads so that nothing is sent twice.
/// </summary>
public sealed class EscalationStepRecord
{
    public long Id { get; set; }

    /// <summary>"report:&lt;city id&gt;:&lt;report&gt;:&lt;year&gt;:&lt;filer key&gt;" or "target:&lt;target id&gt;".</summary>
    public required string Subject { get; set; }

    public required string Step { get; set; }

    /// <summary>The region the subject belongs to (the county, or the city for a bureau's report).</summary>
    public int JurisdictionId { get; set; }

    public DateOnly TakenOn { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    public required string Why { get; set; }

    public long? NoticeId { get; set; }

    public long? OutboxId { get; set; }
}
