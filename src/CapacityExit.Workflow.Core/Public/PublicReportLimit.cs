using Npgsql;

namespace CapacityExit.Workflow.Core.Public;

/// <summary>
/// One client address's use of the 举报 limit in one 10-second segment: the rows of the last minute are the window.
/// Kept in PostgreSQL so that every host counts the same submissions.
/// </summary>
public sealed class PublicReportRateSegment
{
    public required string Address { get; set; }

    public DateTimeOffset SegmentStart { get; set; }

    public int Count { get; set; }
}

/// <summary>
/// The 举报 rate limit, held across hosts: at most <see cref="Permit"/> submissions from one client address within any
/// minute, counted over the last six 10-second segments (the sliding window ASP.NET Core's limiter used per host). A
/// refused submission does not use a permit. Each decision takes a transaction-scoped advisory lock on the address, so
/// two hosts deciding at once for one address never let the eleventh through. Expired segments are deleted as it goes.
/// </summary>
public sealed class PublicReportLimit(NpgsqlDataSource dataSource, TimeProvider clock, int permit)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Segment = TimeSpan.FromSeconds(10);

    public int Permit { get; } = permit;

    /// <summary>Takes a permit for <paramref name="address"/> if the last minute left one; false: refused (nothing counted).</summary>
    public async Task<bool> TryTakeAsync(string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var segment = new DateTimeOffset(now - now % Segment.Ticks, TimeSpan.Zero);
        var expired = segment - Window; // a segment starting at or before this one is out of the window
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlBatch(connection, transaction))
        {
            take.BatchCommands.Add(new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtext('public-report-limit'), hashtext(@address))")
            {
                Parameters = { new("address", address) },
            });
            take.BatchCommands.Add(new NpgsqlBatchCommand("delete from capacity_exit.public_report_rate_segments where segment_start <= @expired")
            {
                Parameters = { new("expired", expired) },
            });
            take.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                with used as (
                    select coalesce(sum(count), 0) as n from capacity_exit.public_report_rate_segments
                    where address = @address and segment_start > @expired)
                insert into capacity_exit.public_report_rate_segments (address, segment_start, count)
                select @address, @segment, 1 from used where n < @permit
                on conflict (address, segment_start) do update set count = public_report_rate_segments.count + 1
                """)
            {
                Parameters = { new("address", address), new("expired", expired), new("segment", segment), new("permit", (long)Permit) },
            });
            await take.ExecuteNonQueryAsync(cancellationToken);
            var taken = take.BatchCommands[2].RecordsAffected == 1;
            await transaction.CommitAsync(cancellationToken);
            return taken;
        }
    }
}
