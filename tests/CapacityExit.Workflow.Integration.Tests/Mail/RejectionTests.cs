using CapacityExit.Workflow.Core.Data.Model;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>What the server refuses for good is not retried: the row fails with the server's own words.</summary>
public sealed class RejectionTests : IAsyncLifetime
{
    private readonly OutboxKit _kit = new();

    public Task InitializeAsync() => _kit.InitializeAsync();

    public Task DisposeAsync() => _kit.DisposeAsync();

    [Fact]
    public async Task A_permanently_rejected_address_ends_Failed_with_the_servers_reply_and_the_rest_of_the_batch_goes()
    {
        await using var server = await SmtpServer.StartAsync(Path.Combine(_kit.Scratch, "maildir"));
        var sender = _kit.Sender(OutboxKit.Settings(server.Port, Path.Combine(_kit.Scratch, "unused")));
        var before = await _kit.AddToAsync("office@changchun.example.cn");
        var rejected = await _kit.AddToAsync("reject-wang@jiaxing.example.cn");
        var after = await _kit.AddToAsync("office@zhanjiang.example.cn");
        var broken = await _kit.AddAsync(new() { ["to"] = "office@zhengzhou.example.cn", ["broken"] = "yes" });

        var result = await sender.DrainAsync(CancellationToken.None);
        _kit.Time.Advance(TimeSpan.FromHours(3));
        var later = await sender.DrainAsync(CancellationToken.None);

        Assert.Equal((4, 2, 0, 2), (result.Claimed, result.Sent, result.Retrying, result.Failed));
        Assert.Null(result.ConnectionError);
        Assert.Equal(0, later.Claimed);
        var row = await _kit.RowAsync(rejected);
        Assert.Equal((OutboxStatus.Failed, 1), (row.Status, row.Tries));
        Assert.Equal("550 5.1.1 mailbox unavailable (reject-wang@jiaxing.example.cn)", row.LastReply);
        var composition = await _kit.RowAsync(broken);
        Assert.Equal(OutboxStatus.Failed, composition.Status);
        Assert.Equal("cannot compose: 模板 deadline-reminder 无法渲染：缺少字段 deadline", composition.LastReply);
        foreach (var id in new[] { before, after })
        {
            var sent = await _kit.RowAsync(id);
            Assert.Equal(OutboxStatus.Sent, sent.Status);
            Assert.StartsWith("250", sent.LastReply);
        }

        var expected = (await _kit.RowsAsync()).Where(r => r.Id == before || r.Id == after).Select(r => OutboxKit.Bare(r.MessageId));
        Assert.Equal(expected.Order(), server.Messages().Select(m => m.MessageId).Order());
    }
}
