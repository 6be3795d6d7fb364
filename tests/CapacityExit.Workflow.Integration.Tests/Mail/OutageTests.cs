using CapacityExit.Workflow.Core.Data.Model;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>The mail server goes away and comes back: nothing is lost, nothing is sent twice.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly OutboxKit _kit = new();

    public Task InitializeAsync() => _kit.InitializeAsync();

    public Task DisposeAsync() => _kit.DisposeAsync();

    [Fact]
    public async Task With_the_server_down_for_a_while_every_message_arrives_once_it_is_back_none_lost_none_twice()
    {
        await using var server = await SmtpServer.StartAsync(Path.Combine(_kit.Scratch, "maildir"));
        var sender = _kit.Sender(OutboxKit.Settings(server.Port, Path.Combine(_kit.Scratch, "unused"), batchSize: 20));
        var before = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            before.Add(await _kit.AddToAsync($"bureau{i}@chenzhou.example.cn"));
        }

        var first = await sender.DrainAsync(CancellationToken.None);
        await server.StopAsync();
        var during = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            during.Add(await _kit.AddToAsync($"county{i}@chenzhou.example.cn"));
        }

        var down1 = await sender.DrainAsync(CancellationToken.None);
        var rowsAfterFirstFailure = await _kit.RowsAsync();
        var firstFailureAt = _kit.Time.GetUtcNow();
        var immediately = await sender.DrainAsync(CancellationToken.None);
        _kit.Time.Advance(TimeSpan.FromMinutes(2));
        var down2 = await sender.DrainAsync(CancellationToken.None);
        await server.StartAsync();
        _kit.Time.Advance(TimeSpan.FromMinutes(2));
        var back = await sender.DrainAsync(CancellationToken.None);
        var again = await sender.DrainAsync(CancellationToken.None);

        Assert.Equal(3, first.Sent);
        Assert.NotNull(down1.ConnectionError);
        Assert.Contains("ConnectionRefused", down1.ConnectionError);
        Assert.Equal(0, down1.Sent);
        Assert.All(rowsAfterFirstFailure.Where(r => during.Contains(r.Id)), r =>
        {
            Assert.Equal((OutboxStatus.Pending, 1), (r.Status, r.Tries));
            Assert.InRange(r.NextAttemptAt - firstFailureAt, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
            Assert.Contains("cannot reach 127.0.0.1", r.LastReply);
        });
        Assert.Equal(0, immediately.Claimed); // backing off, not hammering the dead server
        Assert.Equal(0, down2.Sent);
        Assert.Equal(9, back.Sent);
        Assert.Equal(0, again.Claimed);
        var rows = await _kit.RowsAsync();
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.All(rows.Where(r => during.Contains(r.Id)), r => Assert.Equal(3, r.Tries)); // two failed attempts, then the one that went
        var byMessageId = server.Messages().GroupBy(m => m.MessageId ?? "(none)").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(rows.Select(r => OutboxKit.Bare(r.MessageId)).Order(), byMessageId.Keys.Order());
        Assert.All(byMessageId, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task A_message_whose_tries_run_out_while_the_server_stays_down_ends_Failed_with_the_last_reason()
    {
        var settings = OutboxKit.Settings(SmtpServer.FreePort(), Path.Combine(_kit.Scratch, "unused"), maxTries: 3);
        var sender = _kit.Sender(settings);
        var id = await _kit.AddToAsync("bureau@chenzhou.example.cn");

        var tries = new List<(int Tries, OutboxStatus Status)>();
        for (var i = 0; i < 4; i++)
        {
            await sender.DrainAsync(CancellationToken.None);
            var row = await _kit.RowAsync(id);
            tries.Add((row.Tries, row.Status));
            _kit.Time.Advance(TimeSpan.FromMinutes(2));
        }

        var failed = await _kit.RowAsync(id);
        Assert.Equal([(1, OutboxStatus.Pending), (2, OutboxStatus.Pending), (3, OutboxStatus.Failed), (3, OutboxStatus.Failed)], tries);
        Assert.StartsWith("gave up after 3 attempts; last: cannot reach 127.0.0.1", failed.LastReply);
        Assert.Null(failed.SentAt);
    }

    [Fact]
    public async Task Two_hosts_sending_the_same_outbox_at_once_deliver_each_message_exactly_once()
    {
        await using var server = await SmtpServer.StartAsync(Path.Combine(_kit.Scratch, "maildir"));
        var settings = OutboxKit.Settings(server.Port, Path.Combine(_kit.Scratch, "unused"), batchSize: 7);
        for (var i = 0; i < 60; i++)
        {
            await _kit.AddToAsync($"officer{i}@chenzhou.example.cn");
        }

        var results = await Task.WhenAll(
            Task.Run(() => _kit.Sender(settings).DrainAsync(CancellationToken.None)),
            Task.Run(() => _kit.Sender(settings).DrainAsync(CancellationToken.None)));

        Assert.Equal(60, results.Sum(r => r.Sent));
        var rows = await _kit.RowsAsync();
        Assert.All(rows, r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Tries)));
        var stored = server.Messages().Select(m => m.MessageId).ToList();
        Assert.Equal(60, stored.Count);
        Assert.Equal(rows.Select(r => OutboxKit.Bare(r.MessageId)).Order(), stored.Order());
    }
}
