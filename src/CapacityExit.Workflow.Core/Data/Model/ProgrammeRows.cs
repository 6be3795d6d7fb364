namespace CapacityExit.Workflow.Core.Data.Model;

public enum KilnShutdownStatus
{
    /// <summary>The day has come; no confirmation yet (due by the end of the next working day).</summary>
    Pending,

    /// <summary>The enterprise or the power supplier confirmed the stop (meter readings or a photo).</summary>
    Confirmed,

    /// <summary>No confirmation by the end of the next working day: the bureau has a task.</summary>
    Unconfirmed,
}

/// <summary>
/// One cement clinker line's shutdown on one day of its city's programme (组织水泥熟料装置每月固定时间断电停产, 000 §二 水泥)
/// and its confirmation: by whom (the enterprise or the power supplier), recorded by whom, with meter readings or a photo.
/// </summary>
public sealed class KilnShutdownRecord
{
    public long Id { get; set; }

    public int CityId { get; set; }

    public int CapacityItemId { get; set; }

    /// <summary>The shutdown day (after the programme's rule: a month's last day, a rest day moved or not).</summary>
    public DateOnly Day { get; set; }

    /// <summary>The last day to confirm the stop: the next working day after it.</summary>
    public DateOnly ConfirmBy { get; set; }

    public KilnShutdownStatus Status { get; set; }

    /// <summary>"enterprise" or "power-supplier": who confirms the stop.</summary>
    public string? ConfirmedByParty { get; set; }

    /// <summary>Meter readings before and after the stop, as the party gave them.</summary>
    public string? MeterReadings { get; set; }

    public string? PhotoSha256 { get; set; }

    public string? PhotoFileName { get; set; }

    public string? PhotoContentType { get; set; }

    public string? RecordedBy { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>The bureau's task when the confirmation did not come in time.</summary>
    public long? TaskId { get; set; }
}

/// <summary>A coal mine's production days of one month as reported (000 §二 煤炭), stored in the production-days file form.</summary>
public sealed class CoalProductionReport
{
    public long Id { get; set; }

    public int EnterpriseId { get; set; }

    public int Year { get; set; }

    public int Month { get; set; }

    /// <summary>The days, folded into ranges (ProductionDaysText.Write).</summary>
    public required string Days { get; set; }

    public int DayCount { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The bureau's task for the breaches this report showed, if any.</summary>
    public long? TaskId { get; set; }
}

public static class ProgrammeTaskKinds
{
    public const string KilnUnconfirmed = "kiln-unconfirmed";
    public const string CoalBreach = "coal-breach";
    public const string Recheck = "recheck";
    public const string CoalUnreported = "coal-unreported";

    /// <summary>报请注销生产许可证 after a closure (001 §四.(七)): the market-regulation bureau's duty, opened by the case.</summary>
    public const string PermitCancellation = "permit-cancellation";

    public static string Zh(string kind) => kind switch
    {
        KilnUnconfirmed => "水泥熟料装置停产未确认",
        CoalBreach => "煤矿超作业日或节假日生产",
        Recheck => "已退出产能复查（回头看）",
        CoalUnreported => "煤矿未按期报告生产日",
        PermitCancellation => "报请注销生产许可证",
        _ => kind,
    };
}

public enum ProgrammeTaskStatus
{
    Open,
    Done,
}

/// <summary>
/// A bureau's task from an industry programme rather than a case: a kiln stop nobody confirmed, a coal mine's breach,
/// the re-check of exited capacity (回头看, 003). Reminded and escalated like a late case step (EscalationPlan; the
/// steps in escalation_steps under "programme-task:ID"), until the bureau records its outcome.
/// </summary>
public sealed class ProgrammeTask
{
    public long Id { get; set; }

    public required string Kind { get; set; }

    /// <summary>What it is about, unique: "kiln:ITEM:2026-02-15", "coal:ENTERPRISE:2026-10", "recheck:CASE".</summary>
    public required string Subject { get; set; }

    public int CityId { get; set; }

    /// <summary>The enterprise's county: where its notices are kept.</summary>
    public int RegionId { get; set; }

    public int BureauId { get; set; }

    public int EnterpriseId { get; set; }

    public int? CapacityItemId { get; set; }

    /// <summary>The exited case a re-check looks back on.</summary>
    public long? CaseId { get; set; }

    public required string Title { get; set; }

    public required string Detail { get; set; }

    /// <summary>The seed clause the programme comes from (000 §二 水泥, 003 §二.(五).1).</summary>
    public required string Source { get; set; }

    public DateOnly OpenedOn { get; set; }

    public DateOnly DueOn { get; set; }

    public ProgrammeTaskStatus Status { get; set; }

    public string? Outcome { get; set; }

    public string? Note { get; set; }

    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>A permit duty's record: the day the enterprise was reported to the provincial permit authority (001 §四.(七)).</summary>
    public DateOnly? ReportedOn { get; set; }

    /// <summary>A permit duty's record: the reference of the report or of the authority's cancellation (文号).</summary>
    public string? AuthorityReference { get; set; }

    /// <summary>The new case a failed re-check opened against the enterprise.</summary>
    public long? FollowUpCaseId { get; set; }
}
