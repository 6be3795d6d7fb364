using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Public;

public enum PublicReportStatus
{
    /// <summary>Kept for the audit but not taken up: too many from one address, or filled in by a robot.</summary>
    Refused,

    /// <summary>The bureau is verifying it (核实).</summary>
    Verifying,

    /// <summary>Verified: the report was right, and a case was opened from it.</summary>
    Confirmed,

    /// <summary>Verified: not as reported, with the reason published.</summary>
    NotConfirmed,
}

/// <summary>
/// A report from the public (举报), to be verified at once and its result published (001 §五.(三): 对群众举报的落后产能
/// 要及时核实，核实结果向社会公开). Every submission is kept, a refused one too, for the audit.
/// </summary>
public sealed class PublicReport
{
    public long Id { get; set; }

    /// <summary>The receipt the person gets on submission; the result page is found by it (unguessable, not a sequence).</summary>
    public required string ReceiptNumber { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The address the submission came from (the rate limit's partition), for the audit.</summary>
    public required string ClientAddress { get; set; }

    public PublicReportStatus Status { get; set; }

    /// <summary>rate-limit or robot, for a refused submission.</summary>
    public string? RefusedBecause { get; set; }

    public required string Enterprise { get; set; }

    public int? CountyId { get; set; }

    public required string Place { get; set; }

    public Standard? Standard { get; set; }

    public required string WhatWasSeen { get; set; }

    /// <summary>Optional: how the bureau may reach the person. Never published.</summary>
    public string? Contact { get; set; }

    public string? PhotoSha256 { get; set; }

    public string? PhotoName { get; set; }

    public string? PhotoContentType { get; set; }

    /// <summary>The bureau of the report's standard nearest the county, which verifies it.</summary>
    public int? BureauId { get; set; }

    /// <summary>The last day of the verification (the profile's public-report-verification period).</summary>
    public DateOnly? DueOn { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    public string? VerifiedBy { get; set; }

    /// <summary>Why the report was not confirmed (published), or a note on the confirmation.</summary>
    public string? Result { get; set; }

    public long? CaseId { get; set; }
}
