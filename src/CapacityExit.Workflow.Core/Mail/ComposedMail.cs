using CapacityExit.Workflow.Core.Data.Model;

namespace CapacityExit.Workflow.Core.Mail;

/// <summary>A mailbox: an optional display name (Chinese is fine) and the address.</summary>
public sealed record MailAddressee(string? DisplayName, string Address);

/// <summary>An attachment: its file name (Chinese is fine), its MIME type and its bytes.</summary>
public sealed record MailAttachmentContent(string FileName, string ContentType, byte[] Content);

/// <summary>
/// One outbox row made into a mail, ready for the sender. The sender adds the row's Message-ID and the date;
/// Bcc recipients receive it but are never written into a header or a pickup copy.
/// </summary>
public sealed record ComposedMail(
    MailAddressee From,
    IReadOnlyList<MailAddressee> To,
    IReadOnlyList<MailAddressee> Cc,
    string Subject,
    string TextBody,
    string? HtmlBody,
    IReadOnlyList<MailAttachmentContent> Attachments,
    IReadOnlyList<MailAddressee>? Bcc = null);

/// <summary>
/// Turns an outbox row into a mail: renders its template and resolves its recipient role to mailboxes.
/// Registered scoped (it may read the database); the sender asks one composer per batch.
/// </summary>
public interface IMailComposer
{
    /// <summary>
    /// Throws <see cref="MailCompositionException"/> when the row can never become a mail (nobody holds the role,
    /// the template is broken): the row then fails for good. Any other exception counts as a transient failure.
    /// </summary>
    Task<ComposedMail> ComposeAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The row cannot become a mail, and retrying will not change that. Not sealed, so a composer's own
/// exception can derive from it and keep its name.
/// </summary>
public class MailCompositionException(string reason) : Exception(reason);
