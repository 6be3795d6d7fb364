namespace CapacityExit.Workflow.Core.Mail;

/// <summary>When to try a message again after a transient failure.</summary>
public static class OutboxBackoff
{
    /// <summary>No wait grows beyond this: a mail server back after a long outage should not wait half a day more.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <summary>
    /// The wait after attempt number <paramref name="tries"/> (1 = the first attempt failed): the base delay doubled
    /// per attempt, capped at <see cref="MaxDelay"/>, then scaled into its upper half by <paramref name="random"/>
    /// (0 ≤ random &lt; 1). Without the jitter every message of an outage would retry in the same second and meet a
    /// server that has just come back with the whole backlog at once.
    /// </summary>
    public static TimeSpan Delay(int tries, TimeSpan baseDelay, double random)
    {
        if (tries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tries), tries, "the first attempt is number 1");
        }

        var exponent = Math.Min(tries - 1, 30); // 2^30 × any sane base is far beyond the cap; avoids overflow
        var ticks = Math.Min(baseDelay.Ticks * Math.Pow(2, exponent), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (0.5 * Math.Clamp(random, 0, 1)))));
    }
}
