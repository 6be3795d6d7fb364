using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary><c>capacity-exit outbox</c>: what waits, what went, what the server refused.</summary>
[Collection("cli-environment")]
public sealed class OutboxCommandTests : IAsyncLifetime
{
    private readonly OutboxKit _kit = new();

    public async Task InitializeAsync()
    {
        await _kit.InitializeAsync();
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _kit.Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        await _kit.DisposeAsync();
    }

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error, _kit.Time, () => RepoPaths.Root));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Lists_each_message_with_its_state_tries_next_attempt_and_the_servers_last_reply()
    {
        await using var server = await SmtpServer.StartAsync(Path.Combine(_kit.Scratch, "maildir"));
        var sender = _kit.Sender(OutboxKit.Settings(server.Port, Path.Combine(_kit.Scratch, "unused")));
        var sent = await _kit.AddToAsync("office@chenzhou.example.cn");
        var rejected = await _kit.AddToAsync("reject-li@chenzhou.example.cn");
        await sender.DrainAsync(CancellationToken.None);
        await server.StopAsync();
        var waiting = await _kit.AddToAsync("county@chenzhou.example.cn");
        await sender.DrainAsync(CancellationToken.None);

        var all = await Run("outbox");
        var failed = await Run("outbox", "--status", "failed");
        var limited = await Run("outbox", "--limit", "1");

        Assert.Equal(0, all.Code);
        Assert.Contains("待发 1，已发 1，失败 1", all.Output);
        var lines = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Newest first; times in Asia/Shanghai (the fake clock stands at 2026-03-02 09:00 there).
        Assert.StartsWith($"{waiting}\tpending\t1\tdeadline-reminder\tbureau-officer\t-\t2026-03-02 09:00\t2026-03-02 09:00\tcannot reach 127.0.0.1:{server.Port}: ConnectionRefused", lines[2]);
        Assert.StartsWith($"{rejected}\tfailed\t1\tdeadline-reminder\tbureau-officer\t-\t2026-03-02 09:00\t-\t550 5.1.1 mailbox unavailable (reject-li@chenzhou.example.cn)\t<", lines[3]);
        Assert.StartsWith($"{sent}\tsent\t1\tdeadline-reminder\tbureau-officer\t-\t2026-03-02 09:00\t2026-03-02 09:00\t250 OK\t<", lines[4]);
        Assert.Equal(0, failed.Code);
        Assert.Single(failed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2));
        Assert.Contains("550 5.1.1 mailbox unavailable", failed.Output);
        Assert.Single(limited.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2));
    }

    [Fact]
    public async Task A_failed_message_is_sent_again_with_its_Message_ID_once_its_address_is_corrected()
    {
        await using var server = await SmtpServer.StartAsync(Path.Combine(_kit.Scratch, "maildir"));
        var sender = _kit.Sender(OutboxKit.Settings(server.Port, Path.Combine(_kit.Scratch, "unused")));
        var id = await _kit.AddToAsync("reject-li@chenzhou.example.cn");
        await sender.DrainAsync(CancellationToken.None);
        var failed = await _kit.RowAsync(id);
        Assert.Equal(Core.Data.Model.OutboxStatus.Failed, failed.Status);

        var tooEarly = await Run("outbox", "--retry", "999999");
        await using (var fix = _kit.DataSource.CreateCommand("update capacity_exit.outbox_messages set data = '{\"to\": \"li@chenzhou.example.cn\"}' where id = $1"))
        {
            fix.Parameters.AddWithValue(id);
            await fix.ExecuteNonQueryAsync(); // the office corrected the address in the directory
        }

        var retried = await Run("outbox", "--retry", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var queued = await _kit.RowAsync(id);
        await sender.DrainAsync(CancellationToken.None);
        var again = await Run("outbox", "--retry", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, tooEarly.Code);
        Assert.Contains("邮件 999999 不存在", tooEarly.Error);
        Assert.Equal(0, retried.Code);
        Assert.Equal((Core.Data.Model.OutboxStatus.Pending, 0), (queued.Status, queued.Tries));
        var sent = await _kit.RowAsync(id);
        Assert.Equal(Core.Data.Model.OutboxStatus.Sent, sent.Status);
        Assert.Equal(failed.MessageId, sent.MessageId);
        var received = Assert.Single(server.Messages());
        Assert.Equal(OutboxKit.Bare(failed.MessageId), received.MessageId);
        Assert.Equal(2, again.Code); // only a failed message goes again
        Assert.Contains("只有发送失败的邮件可以重发", again.Error);
    }

    [Theory]
    [InlineData("--status", "bounced")]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "many")]
    [InlineData("--since", "2026-01-01")]
    [InlineData("pending")]
    public async Task Bad_arguments_exit_2_with_the_reason(params string[] args)
    {
        var result = await Run(["outbox", .. args]);

        Assert.Equal(2, result.Code);
        Assert.Contains("capacity-exit outbox:", result.Error);
        Assert.Contains("usage: capacity-exit outbox", result.Error);
    }
}
