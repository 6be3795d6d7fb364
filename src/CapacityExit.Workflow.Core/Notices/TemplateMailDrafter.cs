using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Templates;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>An attachment: a file name, its MIME type and its bytes.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>A message ready to send (the shape of the mail sender's ComposedMail; MailDraftAdapter converts it).</summary>
public sealed record MailDraft(
    MailRecipient From, IReadOnlyList<MailRecipient> To, IReadOnlyList<MailRecipient> Cc, string Subject, string TextBody,
    string? HtmlBody, IReadOnlyList<MailAttachment> Attachments);

/// <summary>Mail settings this composer reads: the sender and the language (zh, the language of record, or en).</summary>
public sealed record ComposerOptions(MailRecipient From, string Language)
{
    public const string FromKey = "CapacityExit:Mail:From";
    public const string LanguageKey = "CapacityExit:Mail:Language";
}

/// <summary>
/// Turns an outbox row into a mail: the template for its kind (or template id) rendered with the case's facts,
/// the recipients from the directory with the copies notices.yaml names; a 通报 or 约谈 carries its document
/// as the body and its .docx attached, to the recipients resolved when it was issued.
/// </summary>
public sealed class TemplateMailDrafter(
    CapacityExitDbContext db, RecipientDirectory directory, MailModelBuilder models, TemplateCatalog templates, NoticeService notices, ComposerOptions options)
{
    public async Task<MailDraft> DraftAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(message.Data) ?? [];
        if (MessageKinds.IsFormalNotice(message.Kind))
        {
            return await NoticeAsync(message, data, cancellationToken);
        }

        if (message.Kind is MessageKinds.Digest or MessageKinds.DeadlinesMoved)
        {
            return await DigestAsync(message, data, cancellationToken);
        }

        if (message.Kind is MessageKinds.ReportReminder or MessageKinds.ProgrammeDuty)
        {
            return await RegionReminderAsync(message, data, cancellationToken);
        }

        if (message.CaseId is not { } caseId)
        {
            throw new MailCompositionException($"outbox message {message.Id} ({message.Kind}) names no case");
        }

        var scope = await directory.ForCaseAsync(caseId, cancellationToken);
        var recipients = await directory.ForMessageAsync(scope, message.Kind, message.RecipientRole, cancellationToken);
        if (recipients.To.Count == 0)
        {
            throw new MailCompositionException(string.Join("；", recipients.Problems));
        }

        var (view, definition, profile, variables) = await models.CaseAsync(caseId, cancellationToken);
        var model = new MailModel(message.Kind, message.TemplateId, message.RecipientRole, recipients.Title,
            MailModelBuilder.StepTitle(definition, message.Kind, message.TemplateId, data), view,
            models.Deadline(view, definition, profile, variables, message.Kind, message.TemplateId, data, options.Language), null, data, scope.CityName);
        RenderedText text;
        try
        {
            text = templates.Find(options.Language, message.Kind, message.TemplateId).Render(model.ToLiquid());
        }
        catch (Exception e) when (e is TemplateException or KeyNotFoundException)
        {
            throw new MailCompositionException(e.Message);
        }

        return new MailDraft(options.From, recipients.To, recipients.Cc, text.Subject, text.Body, null, []);
    }

    /// <summary>A reminder of a report a county or bureau owes: to the filer's mailboxes (ObligationLadderJob).</summary>
    private async Task<MailDraft> RegionReminderAsync(OutboxMessage message, Dictionary<string, string> data, CancellationToken cancellationToken)
    {
        if (!int.TryParse(data.GetValueOrDefault("region_id"), out var regionId))
        {
            throw new MailCompositionException($"outbox message {message.Id} ({message.Kind}) names no region");
        }

        var scope = await directory.ForRegionAsync(regionId, cancellationToken);
        if (int.TryParse(data.GetValueOrDefault("bureau_id"), out var bureauId))
        {
            scope = scope with { ResponsibleBureauId = bureauId };
        }

        if (data.GetValueOrDefault("enterprise_name") is { Length: > 0 } enterprise)
        {
            // A programme's mail to the enterprise itself (its registered contact mailbox).
            scope = scope with { EnterpriseName = enterprise, EnterpriseEmail = data.GetValueOrDefault("enterprise_email") };
        }

        var recipients = await directory.ForMessageAsync(scope, message.Kind, message.RecipientRole, cancellationToken);
        if (recipients.To.Count == 0)
        {
            throw new MailCompositionException(string.Join("；", recipients.Problems));
        }

        var model = new MailModel(message.Kind, message.TemplateId, message.RecipientRole, recipients.Title, null, null, null, null, data, scope.CityName);
        var text = templates.Find(options.Language, message.Kind, message.TemplateId).Render(model.ToLiquid());
        return new MailDraft(options.From, recipients.To, recipients.Cc, text.Subject, text.Body, null, []);
    }

    /// <summary>The daily digest (and the list of deadlines a new holiday arrangement moved) goes to one bureau: its mailbox and its officers.</summary>
    private async Task<MailDraft> DigestAsync(OutboxMessage message, Dictionary<string, string> data, CancellationToken cancellationToken)
    {
        var bureau = int.TryParse(data.GetValueOrDefault("bureauId"), out var id)
            ? await db.Bureaus.Include(b => b.Jurisdiction).SingleOrDefaultAsync(b => b.Id == id, cancellationToken)
            : null;
        if (bureau is null)
        {
            throw new MailCompositionException($"outbox message {message.Id}: digest for unknown bureau '{data.GetValueOrDefault("bureauId")}'");
        }

        var to = new List<MailRecipient>();
        if (!string.IsNullOrWhiteSpace(bureau.Mailbox))
        {
            to.Add(new MailRecipient(bureau.NameZh, bureau.Mailbox));
        }

        to.AddRange(await db.People.Where(p => p.BureauId == bureau.Id && p.Email != null)
            .Select(p => new MailRecipient(p.DisplayName, p.Email!)).ToListAsync(cancellationToken));
        if (to.Count == 0)
        {
            throw new MailCompositionException($"{bureau.NameZh}没有邮箱，邮件无法发送；请在名录中登记");
        }

        var model = new MailModel(message.Kind, message.TemplateId, message.RecipientRole, bureau.NameZh, null, null, null, null, data,
            bureau.Jurisdiction?.NameZh ?? "");
        var text = templates.Find(options.Language, message.Kind, message.TemplateId).Render(model.ToLiquid());
        return new MailDraft(options.From, to, [], text.Subject, text.Body, null, []);
    }

    private async Task<MailDraft> NoticeAsync(OutboxMessage message, Dictionary<string, string> data, CancellationToken cancellationToken)
    {
        var row = long.TryParse(data.GetValueOrDefault("noticeId"), out var id)
            ? await db.Set<IssuedNotice>().AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, cancellationToken)
            : null;
        if (row is null)
        {
            throw new MailCompositionException($"outbox message {message.Id}: notice '{data.GetValueOrDefault("noticeId")}' does not exist");
        }

        var text = notices.TextOf(row);
        var fileName = $"{row.DocumentNumber} {row.Title}.docx";
        return new MailDraft(options.From, NoticeService.RecipientsOf(row, copy: false), NoticeService.RecipientsOf(row, copy: true),
            $"{row.DocumentNumber} {row.Title}", text.ToPlainText(), null, [new MailAttachment(fileName, NoticeDocument.FileContentType, row.Docx)]);
    }
}
