namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// One holiday of a year's notice: the days off (a range, as the notice states it) and the weekend days
/// made working days to compensate (调休上班).
/// </summary>
public sealed record HolidayArrangement(
    string Name,
    DateOnly FirstDayOff,
    DateOnly LastDayOff,
    IReadOnlyList<DateOnly> MakeUpWorkingDays)
{
    public IEnumerable<DateOnly> DaysOff()
    {
        for (var day = FirstDayOff; day <= LastDayOff; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
