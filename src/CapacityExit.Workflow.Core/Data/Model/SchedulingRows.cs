namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>
/// One run of a calendar job for one nominal day. The unique (job, nominal day) key makes the job's effect
/// happen once even when Hangfire runs it again (a retry, a second host, a re-fetched job).
/// </summary>
public sealed class CalendarJobRun
{
    public long Id { get; set; }

    public required string JobId { get; set; }

    public DateOnly NominalDay { get; set; }

    public DateOnly RanOn { get; set; }

    public DateTimeOffset RanAt { get; set; }

    public required string Summary { get; set; }
}

/// <summary>What the nightly consistency check found: an open case that waits on nothing (no timer, no open task).</summary>
public sealed class ConsistencyFinding
{
    public long Id { get; set; }

    public DateOnly FoundOn { get; set; }

    public long CaseId { get; set; }

    public required string Problem { get; set; }
}
