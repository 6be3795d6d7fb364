namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// China Standard Time. A legal period's last day ends at 24:00 Beijing time (民法典第二百零三条第二款),
/// whatever the server's own zone is.
/// </summary>
public static class ChinaTime
{
    public static TimeZoneInfo Zone { get; } = FindZone();

    /// <summary>The calendar day in Beijing at the provider's current instant.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DayOf(time.GetUtcNow());
    }

    /// <summary>The Beijing calendar day an event happened on (filed, accepted, published). Not for a due instant: a
    /// deadline's last day is <see cref="LastDayEndingAt"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>00:00 of the day in Beijing, with its offset (+08:00; China has no daylight saving since 1991).</summary>
    public static DateTimeOffset StartOfDay(DateOnly d)
    {
        var midnight = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>
    /// The legal last day that a due instant closes. A period ends at 24:00 of its last day (民法典第二百零三条第二款),
    /// which is 00:00 of the day after, so an instant on midnight belongs to the day before and any other instant to its
    /// own day. The one rule by which a page, list, export, mail, feed or API field turns a due instant into a date.
    /// </summary>
    public static DateOnly LastDayEndingAt(DateTimeOffset dueAt) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(dueAt.AddTicks(-1), Zone).DateTime);

    private static TimeZoneInfo FindZone()
    {
        // Asia/Shanghai is the IANA id; Windows without ICU knows only "China Standard Time".
        foreach (var id in new[] { "Asia/Shanghai", "China Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }

        return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
    }
}
