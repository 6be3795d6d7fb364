using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Programmes;

public enum CoalBreachKind
{
    /// <summary>A production day beyond the year's allowance (按全年作业时间不超过276个工作日).</summary>
    OverAllowance,

    /// <summary>Production on a statutory holiday (原则上法定节假日不安排生产).</summary>
    StatutoryHoliday,
}

/// <summary>One day a mine should not have produced on, and why (its running count of production days that year).</summary>
public sealed record CoalBreach(DateOnly Date, CoalBreachKind Kind, int RunningCount, string? HolidayName)
{
    public string ReasonZh(CoalProgramme programme) => Kind switch
    {
        CoalBreachKind.OverAllowance => $"{Date:yyyy-MM-dd} 超出全年{programme.WorkingDaysPerYear}个作业日（本年第{RunningCount}个生产日）",
        _ => $"{Date:yyyy-MM-dd} 法定节假日（{HolidayName}）安排生产",
    };

    public string ReasonEn(CoalProgramme programme) => Kind switch
    {
        CoalBreachKind.OverAllowance => $"{Date:yyyy-MM-dd} over the year's {programme.WorkingDaysPerYear} working days (production day {RunningCount} of the year)",
        _ => $"{Date:yyyy-MM-dd} production on a statutory holiday ({HolidayName})",
    };
}

/// <summary>
/// Checks a mine's production days of one year against the holiday calendar (000 §二 煤炭), pure: every day after
/// the allowance is used up (the running count passes 276) and every production day the State Council's notice
/// makes a public holiday (放假; an ordinary weekend is not a 法定节假日, a make-up working day is a working day).
/// </summary>
public static class CoalProductionCheck
{
    public static IReadOnlyList<CoalBreach> Check(CoalProgramme programme, int year, IEnumerable<DateOnly> productionDays, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var days = productionDays.Distinct().Order().ToList();
        if (days.FirstOrDefault(d => d.Year != year) is { Year: not 1 } stray)
        {
            throw new ArgumentException($"{stray:yyyy-MM-dd} is not in {year}", nameof(productionDays));
        }

        var breaches = new List<CoalBreach>();
        var count = 0;
        foreach (var day in days)
        {
            count++;
            if (programme.NoProductionOnHolidays && calendar.Classify(day) == DayKind.PublicHoliday)
            {
                breaches.Add(new CoalBreach(day, CoalBreachKind.StatutoryHoliday, count, calendar.HolidayName(day)));
            }

            if (count > programme.WorkingDaysPerYear)
            {
                breaches.Add(new CoalBreach(day, CoalBreachKind.OverAllowance, count, null));
            }
        }

        return breaches;
    }
}
