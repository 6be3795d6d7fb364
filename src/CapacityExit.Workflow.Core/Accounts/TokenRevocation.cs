using CapacityExit.Workflow.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>
/// Ending an account's sessions and bearer tokens, and refresh tokens that work once. Every token carries the account's
/// security stamp and every request checks it, so a new stamp ends them all at once; a refresh token's id is recorded
/// when it is exchanged, and a second exchange of the same id (a copy in someone else's hands) ends every token of the
/// account and is audited.
/// </summary>
public sealed class TokenRevocation(CapacityExitDbContext db, UserManager<Account> users, AuditLog audit, TimeProvider time)
{
    /// <summary>The claim with the id of one issue of tokens (access and refresh token alike).</summary>
    public const string TokenIdClaim = "capexit:token-id";

    /// <summary>Records the exchange of a refresh token; false when it had been exchanged before (reuse).</summary>
    public async Task<bool> SpendAsync(Guid tokenId, int accountId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A token past its end is refused by its expiry anyway: its record is not needed any more.
        await db.SpentRefreshTokens.Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var recorded = await db.Database.ExecuteSqlAsync(
            $"insert into capacity_exit.spent_refresh_tokens (token_id, account_id, spent_at, expires_at) values ({tokenId}, {accountId}, {now}, {expiresAt}) on conflict do nothing",
            cancellationToken);
        return recorded == 1;
    }

    /// <summary>Ends every session and token of <paramref name="account"/> now (a new security stamp) and writes <paramref name="kind"/> to the audit log.</summary>
    public async Task RevokeAllAsync(Account account, AuditKind kind, string actor, string? address, string detail, CancellationToken cancellationToken)
    {
        var result = await users.UpdateSecurityStampAsync(account);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"the security stamp of {account.UserName} was not renewed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }

        await audit.RecordAsync(kind, actor, account.UserName, address, detail, save: true, cancellationToken);
    }
}
