namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// A computed deadline and how it was reached. The period is "within" the last day, which ends at 24:00
/// Beijing time (民法典第二百零三条第二款).
/// </summary>
public sealed record DeadlineResult(DateOnly Start, DateOnly LastDay, IReadOnlyList<DeadlineStep> Steps)
{
    /// <summary>The end of <see cref="LastDay"/>: 24:00 China Standard Time, i.e. the next day 00:00 +08:00.</summary>
    public DateTimeOffset EndsAt => ChinaTime.StartOfDay(LastDay.AddDays(1));

    /// <summary>The period counted, or null for a fixed date (<see cref="DeadlineCalculator.FixedDate"/>).</summary>
    public PeriodExpression? Period { get; init; }

    /// <summary>Whether a last day on a rest day was moved to the next working day.</summary>
    public bool RollsOffRestDays { get; init; } = true;

    /// <summary>For a fixed date: the words of the obligation, e.g. "6月27日前".</summary>
    public string? Description { get; init; }

    public string ExplainZh() => DeadlineExplanation.Zh(this);

    public string ExplainEn() => DeadlineExplanation.En(this);
}

/// <summary>
/// One component of the period: counted from <see cref="CountedFrom"/> (not itself counted) to
/// <see cref="RawLastDay"/>, then rolled over the rest days in <see cref="RolledOver"/> to <see cref="LastDay"/>.
/// </summary>
public sealed record DeadlineStep(
    PeriodComponent Period,
    DateOnly CountedFrom,
    DateOnly RawLastDay,
    IReadOnlyList<RolledDay> RolledOver,
    DateOnly LastDay,
    string RuleZh,
    string RuleEn);

/// <summary>A rest day the last day was moved over, and why it is one.</summary>
public sealed record RolledDay(DateOnly Date, DayKind Kind, string? HolidayName)
{
    public bool IsWeekend => Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
