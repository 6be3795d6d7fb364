using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>Composes outbox rows for the SMTP sender from the templates (<see cref="TemplateMailDrafter"/>).</summary>
public sealed class TemplateMailComposer(TemplateMailDrafter drafter) : IMailComposer
{
    public async Task<ComposedMail> ComposeAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var draft = await drafter.DraftAsync(message, cancellationToken);
        return new ComposedMail(
            Address(draft.From), draft.To.Select(Address).ToList(), draft.Cc.Select(Address).ToList(), draft.Subject, draft.TextBody, draft.HtmlBody,
            draft.Attachments.Select(a => new MailAttachmentContent(a.FileName, a.ContentType, a.Content)).ToList());
    }

    private static MailAddressee Address(MailRecipient r) => new(r.DisplayName, r.Address);
}
