using System.Globalization;

namespace CapacityExit.Workflow.Web;

/// <summary>
/// User-facing text, Chinese first: every page writes both and the reader's language picks one. The language is the
/// request culture (zh-CN by default, en one click away), so a page never decides it twice.
/// </summary>
public static class Text
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => English ? en : zh;

    /// <summary>A bilingual message "中文（English）" as services write it, reduced to the reader's language.</summary>
    public static string Pick(string zh, string en) => T(zh, en);

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>A moment as the office reads it: Beijing time.</summary>
    public static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Shanghai).DateTime);
}
