// The adapter to helper "mail"'s IMailComposer (src/CapacityExit.Workflow.Core/Mail/ComposedMail.cs on branch
// `mail`), which had not landed on main when this was written; the names below match that branch. Compiled out
// until it lands. Then: delete the #if/#endif; make Notices.MailCompositionException (TemplateMailDrafter.cs)
// derive from Mail.MailCompositionException, because the sender treats only that type as permanent and retries
// anything else; register services.AddScoped<IMailComposer, TemplateMailComposer>().
#if CAPACITY_EXIT_MAIL
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
#endif
