namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>What the audit log records: sign-ins, account changes and refused uploads (case changes stay in each case's history).</summary>
public enum AuditKind
{
    SignedIn,
    SignInFailed,
    LockedOut,
    SignedOut,
    AccountAdded,
    PasswordReset,
    AccountLocked,
    AccountUnlocked,
    Forbidden,

    /// <summary>An upload or request body refused for its size or content (a file too large or of the wrong kind, a workbook past its cap).</summary>
    UploadRefused,

    /// <summary>Every session and bearer token of an account ended (locked, password reset, signed out).</summary>
    TokensRevoked,

    /// <summary>A refresh token was used a second time (a stolen copy): every token of the account ended.</summary>
    RefreshTokenReused,

    /// <summary>A 举报 refused (too many from one address, or a robot's) and kept for the audit: within a bound per address and day.</summary>
    SubmissionRefused,
}

/// <summary>One line of the audit log: who, what, about whom, from where, when.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public AuditKind Kind { get; set; }

    /// <summary>The login that acted (for a failed sign-in: the login that was typed, as typed, cut to 60).</summary>
    public required string Actor { get; set; }

    /// <summary>The account acted on, where it is another one (an administrator resetting a password).</summary>
    public string? Subject { get; set; }

    public string? Address { get; set; }

    public string? Detail { get; set; }
}
