using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Mail;

/// <summary>A message of the outbox as the office reads it, with the region and city it belongs to.</summary>
public sealed class OutboxLine
{
    public long Id { get; init; }

    public string Status { get; init; } = "";

    public OutboxStatus State => Enum.Parse<OutboxStatus>(Status);

    public int Tries { get; init; }

    public string Kind { get; init; } = "";

    public string RecipientRole { get; init; } = "";

    public long? CaseId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? LastReply { get; init; }

    public string MessageId { get; init; } = "";

    /// <summary>The county or city the message is about; null when it names none.</summary>
    public string? Region { get; init; }

    public int? RegionId { get; init; }

    public int? CityId { get; init; }
}

/// <summary>One page of the outbox and the counts by state of everything in scope.</summary>
public sealed record OutboxPage(IReadOnlyList<OutboxLine> Rows, int Pending, int Sent, int Failed)
{
    public int Total(OutboxStatus? status) => status switch
    {
        OutboxStatus.Pending => Pending,
        OutboxStatus.Sent => Sent,
        OutboxStatus.Failed => Failed,
        _ => Pending + Sent + Failed,
    };
}

public enum RetryOutcome
{
    Queued,
    NotFound,
    NotFailed,
}

/// <summary>
/// The outbox as people see and steer it: what waits, what went, what the mail server refused (its reply, word for
/// word), and sending a message that failed for good once more (same Message-ID, tries from 0). <c>capacity-exit
/// outbox</c> reads everything; on the web the scope rule holds (<see cref="Cases.CaseReadAccess"/>): the leading-group
/// office reads and resends the mail about regions in its jurisdiction, an auditor reads it, an administrator reads and
/// resends the mail of their own jurisdiction and the mail about no region at all (the platform's), not every city's.
/// </summary>
public sealed class OutboxOffice(CapacityExitDbContext db, TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>
    /// Where a message belongs: its case's county, its notice's region, its reminder's region, its digest's bureau
    /// (the same attribution as the daily digest's failed mail), and that region's city.
    /// </summary>
    private const string Lines = """
        select m.id as "Id", m.status as "Status", m.tries as "Tries", m.kind as "Kind", m.recipient_role as "RecipientRole", m.case_id as "CaseId",
               m.created_at as "CreatedAt", m.next_attempt_at as "NextAttemptAt", m.sent_at as "SentAt", m.last_reply as "LastReply",
               m.message_id as "MessageId", r.name_zh as "Region", r.id as "RegionId", case when r.level = 'PrefectureCity' then r.id else r.parent_id end as "CityId"
        from capacity_exit.outbox_messages m
        left join capacity_exit.cases c on c.id = m.case_id
        left join capacity_exit.capacity_items i on i.id = c.capacity_item_id
        left join capacity_exit.enterprises e on e.id = i.enterprise_id
        left join capacity_exit.issued_notices n on n.id = (m.data->>'noticeId')::bigint
        left join capacity_exit.bureaus db on db.id = (m.data->>'bureauId')::int
        left join capacity_exit.jurisdictions r on r.id = coalesce(e.county_id, n.jurisdiction_id, (m.data->>'region_id')::int, db.jurisdiction_id)
        """;

    /// <summary>Newest first; of one city, or of all when <paramref name="cityId"/> is null.</summary>
    public async Task<OutboxPage> ListAsync(OutboxStatus? status, int limit, int offset, int? cityId, CancellationToken cancellationToken)
    {
        var state = status?.ToString();
        var rows = await db.Database.SqlQueryRaw<OutboxLine>(
                $"select * from ({Lines}) x where ({{0}}::int is null or x.\"CityId\" = {{0}}) and ({{1}}::text is null or x.\"Status\" = {{1}}) " +
                "order by x.\"Id\" desc limit {2} offset {3}",
                Parameter(cityId), Parameter(state), limit, offset)
            .ToListAsync(cancellationToken);
        var counts = await db.Database.SqlQueryRaw<StateCount>(
                $"select x.\"Status\", count(*)::int as \"Count\" from ({Lines}) x where ({{0}}::int is null or x.\"CityId\" = {{0}}) group by x.\"Status\"",
                Parameter(cityId))
            .ToListAsync(cancellationToken);
        return new OutboxPage(rows, Count(OutboxStatus.Pending), Count(OutboxStatus.Sent), Count(OutboxStatus.Failed));

        int Count(OutboxStatus s) => counts.FirstOrDefault(c => c.Status == s.ToString())?.Count ?? 0;
    }

    /// <summary>The page a person may read (<see cref="ScopeAsync"/>).</summary>
    public async Task<OutboxPage> ListForAsync(string? login, OutboxStatus? status, int page, CancellationToken cancellationToken)
    {
        var (_, regions, unattributed) = await ScopeAsync(login, cancellationToken);
        const string scoped = "(x.\"RegionId\" = any({0}) or ({1} and x.\"RegionId\" is null))";
        var state = status?.ToString();
        var rows = await db.Database.SqlQueryRaw<OutboxLine>(
                $"select * from ({Lines}) x where {scoped} and ({{2}}::text is null or x.\"Status\" = {{2}}) order by x.\"Id\" desc limit {{3}} offset {{4}}",
                regions, unattributed, Parameter(state), PageSize, Math.Max(0, page) * PageSize)
            .ToListAsync(cancellationToken);
        var counts = await db.Database.SqlQueryRaw<StateCount>(
                $"select x.\"Status\", count(*)::int as \"Count\" from ({Lines}) x where {scoped} group by x.\"Status\"", regions, unattributed)
            .ToListAsync(cancellationToken);
        return new OutboxPage(rows, Count(OutboxStatus.Pending), Count(OutboxStatus.Sent), Count(OutboxStatus.Failed));

        int Count(OutboxStatus s) => counts.FirstOrDefault(c => c.Status == s.ToString())?.Count ?? 0;
    }

    /// <summary>
    /// Puts a message that failed for good back in the queue, due now, with its Message-ID and tries from 0; a
    /// message still waiting or already sent is left alone.
    /// </summary>
    public async Task<RetryOutcome> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var changed = await db.Outbox.Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Tries, 0).SetProperty(m => m.NextAttemptAt, now), cancellationToken);
        if (changed > 0)
        {
            return RetryOutcome.Queued;
        }

        return await db.Outbox.AnyAsync(m => m.Id == id, cancellationToken) ? RetryOutcome.NotFailed : RetryOutcome.NotFound;
    }

    /// <summary>
    /// <see cref="RetryAsync(long, CancellationToken)"/> for a person: the leading-group office and administrators for the
    /// mail they read; an auditor reads only. A message outside the person's scope counts as not found.
    /// </summary>
    public async Task<RetryOutcome> RetryForAsync(string? login, long id, CancellationToken cancellationToken)
    {
        var (person, regions, unattributed) = await ScopeAsync(login, cancellationToken);
        if (person.Role is not (Role.LeadingGroupOffice or Role.Admin))
        {
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：只读，不能重发邮件", $"{person.Login} reads the outbox only");
        }

        var line = await db.Database.SqlQueryRaw<OutboxLine>($"select * from ({Lines}) x where x.\"Id\" = {{0}}", id).SingleOrDefaultAsync(cancellationToken);
        if (line is null || !(line.RegionId is { } region ? regions.Contains(region) : unattributed))
        {
            return RetryOutcome.NotFound;
        }

        return await RetryAsync(id, cancellationToken);
    }

    /// <summary>
    /// Who reads which mail: the office, auditors and administrators the mail about regions in their jurisdiction (the
    /// scope rule); administrators also the mail about no region (the platform's); no one else any.
    /// </summary>
    private async Task<(Person Person, int[] Regions, bool Unattributed)> ScopeAsync(string? login, CancellationToken cancellationToken)
    {
        var access = new Cases.CaseReadAccess(db);
        var person = await access.PersonAsync(login, cancellationToken);
        if (person.Role is not (Role.LeadingGroupOffice or Role.Auditor or Role.Admin))
        {
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：邮件发件箱由领导小组办公室管理", $"{person.Login}: the outbox is the leading-group office's");
        }

        return (person, (await access.ReadableAsync(person, cancellationToken)).ToArray(), person.Role == Role.Admin);
    }

    /// <summary>A null argument must still carry a type for PostgreSQL to compare it.</summary>
    private static object Parameter(object? value) => value ?? DBNull.Value;

    private sealed class StateCount
    {
        public string Status { get; init; } = "";

        public int Count { get; init; }
    }
}
