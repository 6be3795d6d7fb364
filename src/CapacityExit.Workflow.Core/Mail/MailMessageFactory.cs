using CapacityExit.Workflow.Core.Data.Model;
using MimeKit;

namespace CapacityExit.Workflow.Core.Mail;

/// <summary>A message ready for a transport: the MIME message and who receives it (To, Cc and Bcc).</summary>
internal sealed record OutgoingMail(MimeMessage Message, IReadOnlyList<MailboxAddress> Recipients);

internal static class MailMessageFactory
{
    /// <summary>
    /// How every copy is written: Chinese file names as RFC 2047 words, which the mail clients common in Chinese
    /// government offices read, where some show RFC 2231 parameters as garbage.
    /// </summary>
    public static FormatOptions Format { get; } = CreateFormat();

    public static OutgoingMail Build(OutboxMessage row, ComposedMail mail, DateTimeOffset now)
    {
        var message = new MimeMessage();
        message.From.Add(Mailbox(mail.From));
        message.To.AddRange(mail.To.Select(Mailbox));
        message.Cc.AddRange(mail.Cc.Select(Mailbox));
        message.Subject = mail.Subject;
        // The row's own Message-ID, so a copy sent again after a crash is recognisably the same message.
        message.MessageId = row.MessageId.Trim().TrimStart('<').TrimEnd('>');
        // MimeMessage's constructor stamps the machine's clock; the injected clock decides.
        message.Date = now;
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var attachment in mail.Attachments)
        {
            // Not Attachments.Add(fileName, …): MimeKit reads that name as a path and keeps only what follows a slash.
            body.Attachments.Add(new MimePart(ContentType.Parse(attachment.ContentType))
            {
                Content = new MimeContent(new MemoryStream(attachment.Content)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = AttachmentNames.Safe(attachment.FileName),
            });
        }

        message.Body = body.ToMessageBody();
        // Bcc recipients go on the envelope only. MailKit, given an explicit envelope, writes a Bcc header as it is
        // (seen against aiosmtpd), which would tell every recipient who else was copied.
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat((mail.Bcc ?? []).Select(Mailbox)).ToList();
        if (recipients.Count == 0)
        {
            throw new MailCompositionException($"outbox message {row.Id} ({row.Kind}, {row.RecipientRole}) has no recipient");
        }

        return new OutgoingMail(message, recipients);
    }

    private static MailboxAddress Mailbox(MailAddressee addressee)
    {
        try
        {
            return new MailboxAddress(addressee.DisplayName, addressee.Address);
        }
        catch (ParseException e)
        {
            throw new MailCompositionException($"'{addressee.Address}' is not a mail address: {e.Message}");
        }
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.ParameterEncodingMethod = ParameterEncodingMethod.Rfc2047;
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
