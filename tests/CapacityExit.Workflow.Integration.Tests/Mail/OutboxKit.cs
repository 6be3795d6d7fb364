using System.Text.Json;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>A test database, a fake clock, outbox rows, and senders over them.</summary>
public sealed class OutboxKit : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public TestDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    public string Scratch { get; } = Directory.CreateTempSubdirectory("capexit-mail-").FullName;

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await Database.DisposeAsync();
        Directory.Delete(Scratch, recursive: true);
    }

    public static MailSettings Settings(int? port, string pickup, int maxTries = 8, int batchSize = 50) => new(
        port is null ? null : "127.0.0.1", port ?? 25, MailSecurity.None, null, null, MailboxAddress.Parse(MailSettings.DefaultFrom),
        maxTries, TimeSpan.FromSeconds(10), batchSize, pickup);

    public OutboxSender Sender(MailSettings settings) =>
        new(DataSource, new ChineseTestComposer(), settings, Time, NullLogger<OutboxSender>.Instance);

    /// <summary>Writes a pending row due now, as a transition would; returns its id.</summary>
    public async Task<long> AddAsync(Dictionary<string, string> data, long? caseId = null, string kind = "deadline-reminder")
    {
        await using var command = DataSource.CreateCommand("""
            insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at)
            values (@case, @kind, 'bureau-officer', @kind, @data::jsonb, @mid, 'Pending', 0, @now, @now) returning id
            """);
        command.Parameters.AddWithValue("case", caseId is null ? DBNull.Value : caseId.Value);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("data", JsonSerializer.Serialize(data));
        command.Parameters.AddWithValue("mid", $"<{Guid.NewGuid():N}@capacity-exit.workflow>");
        command.Parameters.AddWithValue("now", Time.GetUtcNow().ToUniversalTime());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public Task<long> AddToAsync(string address, long? caseId = null) => AddAsync(new() { ["to"] = address }, caseId);

    public async Task<List<OutboxMessage>> RowsAsync()
    {
        await using var db = Database.NewContext();
        return await db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async Task<OutboxMessage> RowAsync(long id) => (await RowsAsync()).Single(r => r.Id == id);

    /// <summary>The Message-ID as MimeKit reports it (without angle brackets).</summary>
    public static string Bare(string messageId) => messageId.Trim('<', '>');
}
