namespace CapacityExit.Workflow.Core.Documents;

/// <summary>
/// A file attached to a case (the enterprise's application, an inspection record, before/during/after photos of
/// demolition, the written acceptance opinion — 002 §二.(二).6). The bytes live outside the web root under their
/// SHA-256; this row says what they are, who brought them and when.
/// </summary>
public sealed class CaseDocument
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    /// <summary>What the file is for, e.g. extension-application, photo-before, acceptance-opinion.</summary>
    public required string Purpose { get; set; }

    /// <summary>The name the uploader's file had, cleaned of path parts and control characters.</summary>
    public required string FileName { get; set; }

    /// <summary>The type found in the content (never the one the browser claimed).</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content: the stored file's name.</summary>
    public required string Sha256 { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
