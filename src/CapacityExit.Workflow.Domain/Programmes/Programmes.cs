using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Programmes;

/// <summary>
/// A city's monthly fixed-day kiln shutdown (组织水泥熟料装置每月固定时间断电停产, 000 §二 水泥), as its profile sets it:
/// the day of the month, the hours the power is off, whether a rest day moves the day, how many working days
/// before it the enterprise, the bureau and the power supplier are told, and who is told. The lines bound are every
/// cement clinker line of the city's registry, failing or not.
/// </summary>
public sealed record KilnShutdownProgramme(
    int Day, TimeOnly From, TimeOnly Until, bool MovesOffRestDays, IReadOnlyList<int> RemindWorkingDaysBefore,
    IReadOnlyList<string> Notify, string Source)
{
    /// <summary>
    /// Whether an unconfirmed stop, once the bureau's task is overdue, climbs to 通报 and 约谈. Off unless the profile says why
    /// (<see cref="EscalatesBecause"/>): 000 §二 水泥 倡导通过行业自律组织 — the stop is encouraged through the industry's
    /// self-regulation, not ordered. Reminders, confirmations and the bureau's task stay either way.
    /// </summary>
    public bool Escalates { get; init; }

    public string? EscalatesBecause { get; init; }

    /// <summary>"00:00-24:00" as the programme and the mails write the hours.</summary>
    public string HoursText => $"{From:HH\\:mm}-{(Until == TimeOnly.MinValue ? "24:00" : Until.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture))}";
}

/// <summary>Re-checks of exited capacity (开展已关停退出落后产能复查…“回头看”, 003 §四): months after the acceptance.</summary>
public sealed record RecheckProgramme(int MonthsAfterAcceptance, int DueWorkingDays, string Source);

/// <summary>
/// Coal mines (000 §二 煤炭: 按全年作业时间不超过276个工作日重新确定煤矿产能，原则上法定节假日不安排生产): the year's
/// allowance of production days, and whether production on a statutory holiday is a breach; the day of the next month
/// by which a mine reports a month's production days, and how many working days before it the bureau and the mine are
/// reminded (the seed names neither: the office's setting, <see cref="CoalReportRule"/>).
/// </summary>
public sealed record CoalProgramme(int WorkingDaysPerYear, bool NoProductionOnHolidays, string Source, int ReportDueDay, IReadOnlyList<int> ReportRemindWorkingDaysBefore);

/// <summary>When a coal mine's production days of a month are due: the programme's day of the next month, a rest day moving it to the next working day.</summary>
public static class CoalReportRule
{
    public static DateOnly DueOn(CoalProgramme programme, int year, int month, HolidayCalendar calendar)
    {
        var next = new DateOnly(year, month, 1).AddMonths(1);
        var day = new DateOnly(next.Year, next.Month, Math.Min(programme.ReportDueDay, DateTime.DaysInMonth(next.Year, next.Month)));
        while (calendar.IsRestDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }
}

/// <summary>The day of one month's kiln shutdown and what hangs off it: reminders before, the confirmation after.</summary>
public sealed record KilnShutdownDay(int Year, int Month, DateOnly Nominal, DateOnly Day, DateOnly ConfirmBy, IReadOnlyList<(int WorkingDaysBefore, DateOnly On)> Reminders)
{
    /// <summary>Why the day is what it is, in Chinese (a month without the day, a rest day moved or kept).</summary>
    public string ExplainZh(KilnShutdownProgramme programme, HolidayCalendar calendar)
    {
        var parts = new List<string> { $"每月{programme.Day}日停产" };
        if (Nominal.Day != programme.Day)
        {
            parts.Add($"{Month}月没有{programme.Day}日，取当月最后一日{Month}月{Nominal.Day}日");
        }

        if (Day != Nominal)
        {
            parts.Add($"{Nominal.Month}月{Nominal.Day}日为休息日，按方案顺延至{Day.Month}月{Day.Day}日");
        }
        else if (calendar.IsRestDay(Day))
        {
            parts.Add($"{Day.Month}月{Day.Day}日为休息日，方案规定不顺延，照常停产");
        }

        parts.Add($"停产确认应于次一工作日（{ConfirmBy.Month}月{ConfirmBy.Day}日）下班前提交");
        return string.Join("；", parts);
    }
}

/// <summary>
/// The kiln shutdown rule, pure: a month without the programme's day (the 31st) uses its last day, as a legal period
/// does (民法典第二百零二条); a rest day does not move it unless the programme says so, and then to the next working
/// day. The stop is to be confirmed (meter readings or a photo) by the end of the next working day after it.
/// </summary>
public static class KilnShutdownRule
{
    public static KilnShutdownDay For(KilnShutdownProgramme programme, int year, int month, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var nominal = new DateOnly(year, month, Math.Min(programme.Day, DateTime.DaysInMonth(year, month)));
        var day = nominal;
        if (programme.MovesOffRestDays)
        {
            while (calendar.IsRestDay(day))
            {
                day = day.AddDays(1);
            }
        }

        var reminders = programme.RemindWorkingDaysBefore.Where(n => n >= 0).Distinct().OrderByDescending(n => n)
            .Select(n => (n, calendar.AddWorkingDays(day, -n))).ToList();
        return new KilnShutdownDay(year, month, nominal, day, calendar.AddWorkingDays(day, 1), reminders);
    }

    /// <summary>Every shutdown day from <paramref name="from"/> to <paramref name="until"/> (both included), in order.</summary>
    public static IReadOnlyList<KilnShutdownDay> Between(KilnShutdownProgramme programme, DateOnly from, DateOnly until, HolidayCalendar calendar)
    {
        var list = new List<KilnShutdownDay>();
        // A moved day may leave its month: start a month early, and keep the days inside the range.
        for (var month = new DateOnly(from.Year, from.Month, 1).AddMonths(-1); month <= until; month = month.AddMonths(1))
        {
            var d = For(programme, month.Year, month.Month, calendar);
            if (d.Day >= from && d.Day <= until)
            {
                list.Add(d);
            }
        }

        return list;
    }

    /// <summary>
    /// The fixed day of each month from <paramref name="from"/> to <paramref name="until"/> (both included), a month
    /// without it on its last day: the dates alone, needing no holiday calendar (<c>forecast --kiln-day 31</c>).
    /// </summary>
    public static IReadOnlyList<DateOnly> NominalDays(int day, DateOnly from, DateOnly until)
    {
        if (day is < 1 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "a day of the month is 1 to 31");
        }

        var list = new List<DateOnly>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= until; month = month.AddMonths(1))
        {
            var d = new DateOnly(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));
            if (d >= from && d <= until)
            {
                list.Add(d);
            }
        }

        return list;
    }

    /// <summary>A plain programme with only a day: as <c>forecast --kiln-day</c> asks (no move off rest days).</summary>
    public static KilnShutdownProgramme Plain(int day) => day is >= 1 and <= 31
        ? new KilnShutdownProgramme(day, TimeOnly.MinValue, TimeOnly.MinValue, false, [], [], "000 §二 水泥")
        : throw new ArgumentOutOfRangeException(nameof(day), day, "a day of the month is 1 to 31");
}

/// <summary>The day a re-check of exited capacity (回头看, 003) falls due: months after acceptance, then its working days.</summary>
public static class RecheckRule
{
    /// <summary>The task opens <see cref="RecheckProgramme.MonthsAfterAcceptance"/> months after the acceptance day (clamped as a legal period).</summary>
    public static DateOnly OpensOn(RecheckProgramme programme, DateOnly acceptedOn) => acceptedOn.AddMonths(programme.MonthsAfterAcceptance);

    /// <summary>The last day of the re-inspection: its working days after it opens (不含法定节假日).</summary>
    public static DateOnly DueOn(RecheckProgramme programme, DateOnly acceptedOn, HolidayCalendar calendar) =>
        calendar.AddWorkingDays(OpensOn(programme, acceptedOn), programme.DueWorkingDays);
}
