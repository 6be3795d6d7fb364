using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;
using MimeKit;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>No SMTP host configured: every message becomes an .eml file in the pickup folder.</summary>
public sealed class PickupTests : IAsyncLifetime
{
    private readonly OutboxKit _kit = new();

    public Task InitializeAsync() => _kit.InitializeAsync();

    public Task DisposeAsync() => _kit.DisposeAsync();

    [Fact]
    public async Task Without_a_host_messages_become_eml_files_that_reload_intact_without_Bcc_and_with_CRLF()
    {
        var pickup = Path.Combine(_kit.Scratch, "mail-pickup");
        var sender = _kit.Sender(OutboxKit.Settings(null, pickup));
        const string enterprise = "嘉兴市南湖区示例印染有限公司";
        var first = await _kit.AddAsync(new() { ["to"] = "jiaxing@example.cn", ["bcc"] = "archive@jiaxing.example.cn", ["enterprise"] = enterprise });
        var second = await _kit.AddToAsync("zhanjiang@example.cn");

        var result = await sender.DrainAsync(CancellationToken.None);

        Assert.Equal((2, 2), (result.Claimed, result.Sent));
        var files = Directory.GetFiles(pickup).Order().ToList();
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.EndsWith(".eml", f));
        var row = await _kit.RowAsync(first);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        var path = Path.Combine(pickup, OutboxKit.Bare(row.MessageId) + ".eml");
        Assert.Equal($"pickup {path}", row.LastReply);
        var bytes = await File.ReadAllBytesAsync(path);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Equal(text.Split('\n').Length - 1, text.Split("\r\n").Length - 1); // every line ends CRLF
        Assert.DoesNotContain("archive@jiaxing.example.cn", text);
        var message = await MimeMessage.LoadAsync(path);
        Assert.Equal(OutboxKit.Bare(row.MessageId), message.MessageId);
        Assert.Equal(ChineseTestComposer.Subject(enterprise), message.Subject);
        Assert.Equal(ChineseTestComposer.FromName, Assert.Single(message.From.Mailboxes).Name);
        Assert.Empty(message.Bcc);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal(ChineseTestComposer.AttachmentName(enterprise), attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(ChineseTestComposer.Docx(row.MessageId), content.ToArray());
        Assert.Equal(OutboxStatus.Sent, (await _kit.RowAsync(second)).Status);
    }

    [Fact]
    public async Task A_pickup_copy_is_seven_bit_with_a_transfer_encoding_and_the_whole_title_as_attachment_name()
    {
        var pickup = Path.Combine(_kit.Scratch, "mail-pickup");
        var sender = _kit.Sender(OutboxKit.Settings(null, pickup));
        const string enterprise = "示例建材（水泥熟料60万吨/年）";
        var id = await _kit.AddAsync(new() { ["to"] = "chenzhou@example.cn", ["enterprise"] = enterprise });

        await sender.DrainAsync(CancellationToken.None);

        var path = Path.Combine(pickup, OutboxKit.Bare((await _kit.RowAsync(id)).MessageId) + ".eml");
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.All(bytes, b => Assert.True(b < 0x80, "a pickup file is 7-bit"));
        var message = await MimeMessage.LoadAsync(path);
        var text = Assert.IsType<TextPart>(message.BodyParts.OfType<TextPart>().First());
        Assert.True(text.ContentTransferEncoding is ContentEncoding.Base64 or ContentEncoding.QuotedPrintable, $"{text.ContentTransferEncoding}");
        Assert.Equal(ChineseTestComposer.Body(enterprise), text.Text.Replace("\r\n", "\n").TrimEnd('\n'));
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("整改通知书（示例建材（水泥熟料60万吨／年））.docx", attachment.FileName);
    }

    [Theory]
    [InlineData("郴淘汰办〔2026〕1号 关于产能“万吨/年”的通报.docx", "郴淘汰办〔2026〕1号 关于产能“万吨／年”的通报.docx")]
    [InlineData("a\\b:c*d?e\"f<g>h|i.docx", "a＼b：c＊d？e＂f＜g＞h｜i.docx")]
    [InlineData("名称\t含控制符.docx", "名称 含控制符.docx")]
    public void Attachment_names_keep_the_whole_title_with_refused_characters_replaced(string name, string expected) =>
        Assert.Equal(expected, AttachmentNames.Safe(name));

    [Fact]
    public async Task A_pickup_copy_written_again_after_a_crash_replaces_the_first_instead_of_adding_a_second()
    {
        var pickup = Path.Combine(_kit.Scratch, "mail-pickup");
        var sender = _kit.Sender(OutboxKit.Settings(null, pickup));
        var id = await _kit.AddToAsync("jiaxing@example.cn");
        await sender.DrainAsync(CancellationToken.None);
        // As if the host had died after writing the file and before recording it: the row keeps its lease, which runs out.
        await using (var command = _kit.DataSource.CreateCommand("update capacity_exit.outbox_messages set status = 'Pending', sent_at = null where id = @id"))
        {
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync();
        }

        var beforeLeaseEnds = await sender.DrainAsync(CancellationToken.None);
        _kit.Time.Advance(OutboxSender.Lease + TimeSpan.FromMinutes(1));
        var again = await sender.DrainAsync(CancellationToken.None);

        Assert.Equal(0, beforeLeaseEnds.Claimed);
        Assert.Equal(1, again.Sent);
        Assert.Single(Directory.GetFiles(pickup));
        Assert.Equal(2, (await _kit.RowAsync(id)).Tries);
    }
}
