using CapacityExit.Workflow.Core.Data.Model;
using Npgsql;

namespace CapacityExit.Workflow.Core.Mail;

/// <summary>
/// The outbox rows' state changes, each its own short autocommit statement, so that no transaction stays open
/// while a mail server is talked to.
/// <para>
/// A claim is a lease written into <c>next_attempt_at</c>: the claiming host moves a due row's next attempt to the
/// lease's end and counts the attempt in <c>tries</c>. Other hosts then see the row as not yet due; if the claiming
/// host dies, the row falls due again when the lease ends (no extra column, and the existing partial index
/// <c>ix_outbox_messages_pending_next</c> serves the claim). The lease value doubles as the claim's token: a host
/// changes a row's retry state only while the row still carries its lease.
/// </para>
/// </summary>
internal sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "o.id, o.case_id, o.kind, o.recipient_role, o.template_id, o.data::text, o.message_id, o.tries, o.created_at, o.last_reply";

    private const string ClaimSql = $"""
        with due as (
            select id from capacity_exit.outbox_messages
            where status = 'Pending' and next_attempt_at <= @now
            order by next_attempt_at, id
            limit @limit
            for update skip locked)
        update capacity_exit.outbox_messages o
        set next_attempt_at = @lease, tries = o.tries + 1
        from due where o.id = due.id
        returning {Columns}
        """;

    /// <summary>PostgreSQL keeps microseconds; a lease rounded to milliseconds reads back equal, so it can serve as a token.</summary>
    public static DateTimeOffset LeaseValue(DateTimeOffset until)
    {
        var utc = until.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public async Task<List<OutboxMessage>> ClaimAsync(DateTimeOffset now, DateTimeOffset lease, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxMessage
            {
                Id = reader.GetInt64(0),
                CaseId = reader.IsDBNull(1) ? null : reader.GetInt64(1),
                Kind = reader.GetString(2),
                RecipientRole = reader.GetString(3),
                TemplateId = reader.GetString(4),
                Data = reader.GetString(5),
                MessageId = reader.GetString(6),
                Tries = reader.GetInt32(7),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(8),
                LastReply = reader.IsDBNull(9) ? null : reader.GetString(9),
                Status = OutboxStatus.Pending,
                NextAttemptAt = lease,
            });
        }

        // RETURNING keeps no order; send in the order the rows were written.
        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return rows;
    }

    /// <summary>
    /// The server accepted the message: recorded at once, whatever the lease, because it is true. Between the
    /// server's acceptance and this statement is the one window in which a crash leads to a second delivery.
    /// </summary>
    public Task MarkSentAsync(long id, DateTimeOffset now, string reply, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "update capacity_exit.outbox_messages set status = 'Sent', sent_at = @now, last_reply = @reply where id = @id",
            cancellationToken, ("id", id), ("now", now.ToUniversalTime()), ("reply", Clip(reply)));

    /// <summary>A transient failure: try again at <paramref name="next"/>.</summary>
    public Task MarkRetryAsync(long id, DateTimeOffset lease, DateTimeOffset next, string reply, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "update capacity_exit.outbox_messages set next_attempt_at = @next, last_reply = @reply where id = @id and status = 'Pending' and next_attempt_at = @lease",
            cancellationToken, ("id", id), ("lease", lease), ("next", next.ToUniversalTime()), ("reply", Clip(reply)));

    /// <summary>Failed for good: the leading-group office reads <paramref name="reply"/> to see why.</summary>
    public Task MarkFailedAsync(long id, DateTimeOffset lease, string reply, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "update capacity_exit.outbox_messages set status = 'Failed', last_reply = @reply where id = @id and status = 'Pending' and next_attempt_at = @lease",
            cancellationToken, ("id", id), ("lease", lease), ("reply", Clip(reply)));

    /// <summary>Hands back claimed rows that were never attempted (shutdown, a lost connection): due now, the attempt uncounted.</summary>
    public Task ReleaseAsync(IReadOnlyList<long> ids, DateTimeOffset lease, DateTimeOffset now, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Task.CompletedTask
            : ExecuteAsync(
                "update capacity_exit.outbox_messages set next_attempt_at = @now, tries = tries - 1 where id = any(@ids) and status = 'Pending' and next_attempt_at = @lease",
                cancellationToken, ("ids", ids.ToArray()), ("lease", lease), ("now", now.ToUniversalTime()));

    /// <summary>The earliest next attempt of any pending row, to know how long to sleep.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select min(next_attempt_at) from capacity_exit.outbox_messages where status = 'Pending'");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : value as DateTimeOffset?;
    }

    private static string Clip(string reply) => reply.Length <= 2000 ? reply : reply[..1997] + "...";

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
