using CapacityExit.Workflow.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>
/// Allocates 发文顺序号 per issuer and year in the caller's transaction. The upsert takes the sequence row's lock
/// until the transaction ends: a concurrent issuer waits and then gets the next number; a rollback returns the
/// number, so the year's numbers run 1, 2, 3 … with no repeat and no gap (a PostgreSQL sequence would skip).
/// </summary>
public static class NoticeNumbers
{
    public static async Task<int> AllocateAsync(CapacityExitDbContext db, string issuerId, int year, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("A notice number must be allocated inside the transaction that issues the notice.");
        await using var command = new NpgsqlCommand("""
            insert into capacity_exit.notice_number_sequences (issuer_id, year, last_number) values (@issuer, @year, 1)
            on conflict (issuer_id, year) do update set last_number = notice_number_sequences.last_number + 1
            returning last_number
            """, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        command.Parameters.AddWithValue("issuer", issuerId);
        command.Parameters.AddWithValue("year", year);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
