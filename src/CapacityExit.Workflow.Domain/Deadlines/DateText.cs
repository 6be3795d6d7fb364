using System.Globalization;

namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>Dates as the explanations print them, independent of the server's culture.</summary>
internal static class DateText
{
    private static readonly string[] WeekdaysZh = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>2025年2月28日（星期五）</summary>
    public static string Zh(DateOnly d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日（{WeekdaysZh[(int)d.DayOfWeek]}）");

    /// <summary>2025年2月28日</summary>
    public static string ZhPlain(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");

    /// <summary>Fri 2025-02-28</summary>
    public static string En(DateOnly d) => d.ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Why a day is a rest day: 周末, the holiday's name, or both.</summary>
    public static string WhyZh(RolledDay day) => day.Kind switch
    {
        DayKind.PublicHoliday when day.IsWeekend => $"{day.HolidayName}假期（亦为周末）",
        DayKind.PublicHoliday => $"{day.HolidayName}假期",
        _ => "周末",
    };

    public static string WhyEn(RolledDay day) => day.Kind switch
    {
        DayKind.PublicHoliday when day.IsWeekend => $"{day.HolidayName} holiday (also a weekend day)",
        DayKind.PublicHoliday => $"{day.HolidayName} holiday",
        _ => "weekend",
    };
}
