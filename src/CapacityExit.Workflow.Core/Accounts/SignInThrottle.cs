namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>
/// Failed sign-ins of one typed login from one client address (the login need not exist: an unknown login is counted
/// the same way, so the answers never tell which logins exist). See <see cref="SignInGuard"/> for the rule.
/// </summary>
public sealed class SignInThrottle
{
    /// <summary>The login as typed (trimmed, lower case, cut to 60).</summary>
    public required string Login { get; set; }

    /// <summary>The client's address (after the configured proxies), or "unknown".</summary>
    public required string Address { get; set; }

    /// <summary>Wrong passwords since the last lock of this pair (or since the pair was first seen).</summary>
    public int Failures { get; set; }

    /// <summary>How many times this pair has been locked: each lock lasts twice as long as the one before.</summary>
    public int Lockouts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }
}
