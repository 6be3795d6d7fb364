namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// Legal periods by the Civil Code (民法典第二百条至第二百零四条), which courts also apply to administrative
/// periods. Pure: the calendar is the only input besides the arguments; no clock.
/// </summary>
public sealed class DeadlineCalculator(HolidayCalendar calendar)
{
    private readonly HolidayCalendar _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));

    /// <summary>
    /// The last day of <paramref name="period"/> starting on <paramref name="start"/>. Each component counts
    /// from the previous component's last day after its roll (an extension runs from the original period's
    /// last day as the law fixed it).
    /// </summary>
    public DeadlineResult Compute(DateOnly start, PeriodExpression period, bool rollOffRestDays = true)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (period.Components.Count == 0)
        {
            throw new ArgumentException("The period has no components.", nameof(period));
        }

        var steps = new List<DeadlineStep>();
        var from = start;
        foreach (var component in period.Components)
        {
            if (component.Amount <= 0)
            {
                throw new ArgumentException($"A period component must be positive, not {component}.", nameof(period));
            }

            var raw = CountRaw(from, component);
            var step = Roll(component, from, raw, rollOffRestDays);
            steps.Add(step);
            from = step.LastDay;
        }

        return new DeadlineResult(start, from, steps) { Period = period, RollsOffRestDays = rollOffRestDays };
    }

    /// <summary>
    /// A named last day ("6月27日前", "2022年1月3日前"): nothing is counted. Whether it rolls off a rest day is
    /// a setting of the obligation (DOMAIN.md "Computing a deadline").
    /// </summary>
    public DeadlineResult FixedDate(DateOnly namedLastDay, bool rollOffRestDays, string? description = null)
    {
        var step = Roll(new PeriodComponent(0, PeriodUnit.Days), namedLastDay, namedLastDay, rollOffRestDays);
        return new DeadlineResult(namedLastDay, step.LastDay, [step])
        {
            RollsOffRestDays = rollOffRestDays,
            Description = description,
        };
    }

    private DateOnly CountRaw(DateOnly from, PeriodComponent component)
    {
        var raw = component.Unit switch
        {
            // 民法典第二百零二条: the corresponding day of the final month, or its last day; AddMonths clamps exactly so.
            PeriodUnit.Years => from.AddYears(component.Amount),
            PeriodUnit.Months => from.AddMonths(component.Amount),
            // 民法典第二百零一条: the start day is not counted, so the n-th day after it is the last.
            PeriodUnit.Days => from.AddDays(component.Amount),
            PeriodUnit.WorkingDays => _calendar.AddWorkingDays(from, component.Amount),
            _ => throw new ArgumentOutOfRangeException(nameof(component), component.Unit, "Unknown period unit."),
        };

        // Even a period that ends on a weekday must lie in a year whose holidays are known.
        _calendar.Classify(raw);
        return raw;
    }

    private DeadlineStep Roll(PeriodComponent component, DateOnly from, DateOnly raw, bool rollOffRestDays)
    {
        var rolled = new List<RolledDay>();
        var last = raw;
        if (rollOffRestDays)
        {
            // 民法典第二百零三条: a last day on a rest day ends on the first day after the rest days.
            while (_calendar.IsRestDay(last))
            {
                rolled.Add(new RolledDay(last, _calendar.Classify(last), _calendar.HolidayName(last)));
                last = last.AddDays(1);
            }
        }

        var rawKind = _calendar.Classify(raw);
        var rawHoliday = _calendar.HolidayName(raw);
        var (zh, en) = StepRules.Describe(component, from, raw, rawKind, rawHoliday, rolled, last, rollOffRestDays);
        return new DeadlineStep(component, from, raw, rolled, last, zh, en);
    }
}
