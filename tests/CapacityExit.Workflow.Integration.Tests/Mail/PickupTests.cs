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
