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

    /// <summary>
    /// A line the system wrote into a case's history in both languages, "中文 / English" (a provisional date, a late
    /// timer, a recount), shown in the reader's language. Each "；"-separated part is reduced on its own, so a person's
    /// reason in front of the system's note stays whole; a part that is not "Chinese / non-Chinese" is shown as written.
    /// </summary>
    public static string History(string text) => string.Join("；", text.Split('；').Select(part =>
    {
        var at = part.LastIndexOf(" / ", StringComparison.Ordinal);
        if (at <= 0 || !HasChinese(part[..at]) || HasChinese(part[(at + 3)..]))
        {
            return part;
        }

        return English ? part[(at + 3)..] : part[..at];
    }));

    private static bool HasChinese(string text) => text.Any(c => c is >= '一' and <= '鿿');

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>A moment as the office reads it: Beijing time.</summary>
    public static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The legal last day a due instant closes (ChinaTime.LastDayEndingAt): how every page shows a due date.</summary>
    public static string LastDay(DateTimeOffset dueAt) =>
        Domain.Deadlines.ChinaTime.LastDayEndingAt(dueAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Today(TimeProvider time) => Domain.Deadlines.ChinaTime.Today(time);
}
