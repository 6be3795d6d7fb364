namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>
/// The last document number one issuer used in one year. Allocated by an upsert in the issuing transaction:
/// the row lock serialises concurrent issuers, and a rollback gives the number back, so numbers neither repeat
/// nor skip (GB/T 9704-2012 §7.2.4: 发文顺序号 in order).
/// </summary>
public sealed class NoticeNumberSequence
{
    public required string IssuerId { get; set; }

    public int Year { get; set; }

    public int LastNumber { get; set; }
}

/// <summary>A 通报 or 约谈 as issued: kept on record with its number, text, recipients and the .docx sent.</summary>
public sealed class IssuedNotice
{
    public long Id { get; set; }

    /// <summary>circulated-notice (通报) or interview-summons (约谈).</summary>
    public required string Kind { get; set; }

    public required string IssuerId { get; set; }

    public int Year { get; set; }

    public int Number { get; set; }

    /// <summary>发文字号, e.g. 郴淘汰办〔2026〕3号.</summary>
    public required string DocumentNumber { get; set; }

    /// <summary>The case it is about, or null for a region's (late reports, missed annual targets).</summary>
    public long? CaseId { get; set; }

    /// <summary>The region it is about (the case's county, or the region named).</summary>
    public int JurisdictionId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>成文日期, the day in Asia/Shanghai.</summary>
    public DateOnly IssuedOn { get; set; }

    public required string IssuedBy { get; set; }

    public required string Laggard { get; set; }

    public required string Title { get; set; }

    /// <summary>主送机关.</summary>
    public required string MainRecipients { get; set; }

    /// <summary>抄送机关, joined by "，".</summary>
    public required string CopyTo { get; set; }

    /// <summary>正文.</summary>
    public required string Body { get; set; }

    /// <summary>The mail recipients as resolved when issued: JSON [{"name","address","copy"}].</summary>
    public required string Recipients { get; set; }

    public DateTimeOffset? MeetingAt { get; set; }

    public string? Place { get; set; }

    /// <summary>Who must attend a 约谈: JSON array of strings.</summary>
    public string? Attendees { get; set; }

    public required byte[] Docx { get; set; }
}
