namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>
/// A refresh token that has been exchanged once: a second use of the same token is a stolen copy (or its thief's),
/// so every token of the account ends. Kept until the token would have expired anyway.
/// </summary>
public sealed class SpentRefreshToken
{
    public Guid TokenId { get; set; }

    public int AccountId { get; set; }

    public DateTimeOffset SpentAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
