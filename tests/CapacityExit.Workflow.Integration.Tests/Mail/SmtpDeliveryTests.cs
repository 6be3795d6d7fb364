using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Demo;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>Delivery to the aiosmtpd that scripts/test.sh starts (CAPEXIT_TEST_SMTP_PORT, CAPEXIT_TEST_SMTP_MAILDIR).</summary>
public sealed class SmtpDeliveryTests : IAsyncLifetime
{
    private readonly OutboxKit _kit = new();

    public Task InitializeAsync() => _kit.InitializeAsync();

    public Task DisposeAsync() => _kit.DisposeAsync();

    private static (int Port, string Maildir) SharedServer()
    {
        var port = Environment.GetEnvironmentVariable("CAPEXIT_TEST_SMTP_PORT");
        var maildir = Environment.GetEnvironmentVariable("CAPEXIT_TEST_SMTP_MAILDIR");
        if (string.IsNullOrEmpty(port) || string.IsNullOrEmpty(maildir))
        {
            throw new InvalidOperationException(
                "CAPEXIT_TEST_SMTP_PORT / CAPEXIT_TEST_SMTP_MAILDIR are not set: run the tests through scripts/test.sh, which starts aiosmtpd");
        }

        return (int.Parse(port), maildir);
    }

    [Fact]
    public async Task A_Chinese_subject_display_names_body_and_docx_attachment_arrive_intact_with_the_rows_Message_ID()
    {
        var (port, maildir) = SharedServer();
        long caseId;
        await using (var db = _kit.Database.NewContext())
        {
            await DemoData.LoadAsync(db, _kit.Time, CancellationToken.None);
            caseId = await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        const string enterprise = "郴州市北湖区鑫源水泥有限责任公司";
        var id = await _kit.AddAsync(new()
        {
            ["to"] = "zhang.kezhang@industry.chenzhou.example.cn", ["toName"] = "郴州市工业和信息化局 张科长",
            ["cc"] = "fgw@chenzhou.example.cn", ["bcc"] = "archive@chenzhou.example.cn", ["enterprise"] = enterprise,
        }, caseId);

        var result = await _kit.Sender(OutboxKit.Settings(port, Path.Combine(_kit.Scratch, "unused"))).DrainAsync(CancellationToken.None);

        var row = await _kit.RowAsync(id);
        Assert.Equal((1, 1, 0, 0), (result.Claimed, result.Sent, result.Retrying, result.Failed));
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Tries);
        Assert.Equal(_kit.Time.GetUtcNow(), row.SentAt);
        Assert.False(string.IsNullOrWhiteSpace(row.LastReply));
        var stored = SmtpServer.ReadMaildir(maildir).Where(m => m.MessageId == OutboxKit.Bare(row.MessageId)).ToList();
        var message = Assert.Single(stored);
        Assert.Equal(ChineseTestComposer.Subject(enterprise), message.Subject);
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal((ChineseTestComposer.FromName, "office@chenzhou.example.cn"), (from.Name, from.Address));
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal(("郴州市工业和信息化局 张科长", "zhang.kezhang@industry.chenzhou.example.cn"), (to.Name, to.Address));
        Assert.Equal("郴州市发展和改革委员会", Assert.Single(message.Cc.Mailboxes).Name);
        Assert.Empty(message.Bcc);
        Assert.Equal(ChineseTestComposer.Body(enterprise), message.TextBody?.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Contains("依法予以关停", message.HtmlBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal(ChineseTestComposer.AttachmentName(enterprise), attachment.FileName);
        Assert.Equal(ChineseTestComposer.DocxType, attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(ChineseTestComposer.Docx(row.MessageId), content.ToArray());
        Assert.Equal(_kit.Time.GetUtcNow(), message.Date);
        // The envelope reached the Bcc recipient too, though no header names it (aiosmtpd records the envelope).
        Assert.Contains("archive@chenzhou.example.cn", message.Headers["X-RcptTo"]);
    }
}
