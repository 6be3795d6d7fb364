using System.Security.Cryptography;
using CapacityExit.Workflow.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>What a password check came to.</summary>
public enum SignInVerdict
{
    Succeeded,

    /// <summary>An unknown login or a wrong password: the same answer for both.</summary>
    WrongLoginOrPassword,

    /// <summary>Too many wrong passwords for this login from this address: no password is checked until the pause ends.</summary>
    Paused,

    /// <summary>The right password of an account an administrator has locked (said only to someone who knows the password).</summary>
    LockedByAdministrator,
}

/// <summary>The verdict, the account when the password was right, and until when a paused login and address wait.</summary>
public sealed record SignInAttempt(SignInVerdict Verdict, Account? Account, DateTimeOffset? PausedUntil)
{
    /// <summary>Whole minutes left of a pause, at least one (what the person is told).</summary>
    public int MinutesLeft(DateTimeOffset now) =>
        PausedUntil is { } until ? Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes)) : 0;
}

/// <summary>
/// The one password check of the sign-in form and <c>POST /api/token</c>, with its audit line.
/// <para>
/// Which logins exist stays unknown: an unknown login is checked against a dummy password hash (the same work as a real
/// one), answered in the same words, and paused by the same rule.
/// </para>
/// <para>
/// Nobody can lock someone else out: wrong passwords are counted per login <em>and</em> client address. After
/// <see cref="FailuresBeforePause"/> wrong passwords for a login from one address, that login is paused from that
/// address only, for <see cref="FirstPause"/>; each further pause of the same pair lasts twice as long as the one
/// before, up to <see cref="LongestPause"/>. A right password from that address ends the count; a pair with no wrong
/// password for <see cref="Forgotten"/> starts afresh. The officer at their own desk (another address) signs in as
/// usual while a stranger is paused. An administrator's lock (Identity's lockout end) is the only lock of an account.
/// </para>
/// </summary>
public sealed class SignInGuard(CapacityExitDbContext db, UserManager<Account> users, IPasswordHasher<Account> hasher, AuditLog audit, TimeProvider time)
{
    public const int FailuresBeforePause = 5;
    public const int MaxLoginLength = 60;
    public const int MaxAddressLength = 64;
    public static readonly TimeSpan FirstPause = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LongestPause = TimeSpan.FromHours(24);
    public static readonly TimeSpan Forgotten = TimeSpan.FromHours(24);

    /// <summary>A hash of a random password, made once per process with the same hasher (same work) as the real ones.</summary>
    private static string? _dummyHash;

    /// <summary>
    /// Checks <paramref name="password"/> for <paramref name="login"/> from <paramref name="address"/>, counts a failure,
    /// and writes the audit line (<paramref name="channel"/> says where: null for the form, "bearer token" for the API).
    /// </summary>
    public async Task<SignInAttempt> CheckAsync(string login, string password, string? address, string? channel, CancellationToken cancellationToken)
    {
        var key = Key(login);
        var from = string.IsNullOrEmpty(address) ? "unknown" : address.Length > MaxAddressLength ? address[..MaxAddressLength] : address;
        var now = time.GetUtcNow();
        var pausedUntil = await db.SignInThrottles.AsNoTracking().Where(t => t.Login == key && t.Address == from)
            .Select(t => t.LockedUntil).SingleOrDefaultAsync(cancellationToken);
        if (pausedUntil is { } until && until > now)
        {
            await audit.RecordAsync(AuditKind.LockedOut, login, null, from, With(channel,
                $"此登录名在该地址暂停登录至{Beijing(until)}（paused from this address until {Beijing(until)} Beijing time）"), save: true, cancellationToken);
            return new SignInAttempt(SignInVerdict.Paused, null, until);
        }

        // The same work for an unknown login as for a known one: a lookup and one hash verification.
        var account = key.Length == 0 ? null : await users.FindByNameAsync(key);
        var right = account is null ? VerifyDummy(password) : await users.CheckPasswordAsync(account, password);
        if (!right)
        {
            var pause = await CountFailureAsync(key, from, now, cancellationToken);
            if (pause is { } p)
            {
                await audit.RecordAsync(AuditKind.LockedOut, login, null, from, With(channel,
                    $"同一地址{FailuresBeforePause}次密码错误，此登录名在该地址暂停登录至{Beijing(p)}（{FailuresBeforePause} wrong passwords from this address: paused from it until {Beijing(p)} Beijing time）"),
                    save: true, cancellationToken);
                return new SignInAttempt(SignInVerdict.Paused, null, p);
            }

            await audit.RecordAsync(AuditKind.SignInFailed, login, null, from, With(channel, "wrong login or password"), save: true, cancellationToken);
            return new SignInAttempt(SignInVerdict.WrongLoginOrPassword, null, null);
        }

        if (await users.IsLockedOutAsync(account!))
        {
            await audit.RecordAsync(AuditKind.LockedOut, login, null, from, With(channel, "locked by an administrator"), save: true, cancellationToken);
            return new SignInAttempt(SignInVerdict.LockedByAdministrator, null, null);
        }

        await db.SignInThrottles.Where(t => t.Login == key && t.Address == from).ExecuteDeleteAsync(cancellationToken);
        await audit.RecordAsync(AuditKind.SignedIn, account!.UserName ?? key, null, from, channel, save: true, cancellationToken);
        return new SignInAttempt(SignInVerdict.Succeeded, account, null);
    }

    /// <summary>How long the <paramref name="lockouts"/>-th pause of a pair lasts (1st: 15 minutes, then doubling, at most a day).</summary>
    public static TimeSpan PauseLength(int lockouts)
    {
        var minutes = FirstPause.TotalMinutes * Math.Pow(2, Math.Clamp(lockouts - 1, 0, 16));
        return TimeSpan.FromMinutes(Math.Min(minutes, LongestPause.TotalMinutes));
    }

    /// <summary>The typed login as the throttle keys it: trimmed, lower case, control characters out, cut to 60.</summary>
    public static string Key(string? login)
    {
        var clean = new string((login ?? "").Trim().ToLowerInvariant().Where(c => !char.IsControl(c)).ToArray());
        return clean.Length > MaxLoginLength ? clean[..MaxLoginLength] : clean;
    }

    /// <summary>Adds a wrong password to the pair's count (row locked, so parallel attempts all count); the end of a pause it starts.</summary>
    private async Task<DateTimeOffset?> CountFailureAsync(string key, string from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stale = now - Forgotten;
        // Pairs nobody has tried for a day and that are not paused are forgotten: the table stays small.
        await db.SignInThrottles.Where(t => t.LastFailureAt < stale && (t.LockedUntil == null || t.LockedUntil < now)).ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"insert into capacity_exit.sign_in_throttles (login, address, failures, lockouts, last_failure_at) values ({key}, {from}, 0, 0, {now}) on conflict do nothing",
            cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.SignInThrottles
            .FromSql($"select * from capacity_exit.sign_in_throttles where login = {key} and address = {from} for update")
            .SingleAsync(cancellationToken);
        row.Failures++;
        row.LastFailureAt = now;
        DateTimeOffset? pause = null;
        if (row.Failures >= FailuresBeforePause)
        {
            row.Lockouts++;
            row.Failures = 0;
            pause = now + PauseLength(row.Lockouts);
            row.LockedUntil = pause;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.Entry(row).State = EntityState.Detached;
        return pause;
    }

    private bool VerifyDummy(string password)
    {
        var hash = _dummyHash ??= hasher.HashPassword(new Account(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(new Account(), hash, password);
        return false;
    }

    private static string Beijing(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Domain.Deadlines.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static string? With(string? channel, string detail) => channel is null ? detail : $"{detail} ({channel})";
}
