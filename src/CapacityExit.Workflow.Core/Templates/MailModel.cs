using System.Globalization;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>The case a message is about, as templates see it (<c>case</c>, <c>enterprise</c>, <c>capacity</c>, <c>standard</c>).</summary>
public sealed record CaseView(
    long Id, string Url, DateOnly FindingDate, string LegalBasis, string? StateTitle,
    string EnterpriseName, string CreditCode, string County, string City,
    string CapacityLine, decimal CapacityAmount, string CapacityUnit, Standard Standard);

/// <summary>A deadline and its legal explanation (DeadlineResult.ExplainZh), as templates see it (<c>deadline</c>).</summary>
public sealed record DeadlineView(DateOnly LastDay, string Explanation);

/// <summary>A 通报 or 约谈 being issued, as its templates see it (<c>notice</c>).</summary>
public sealed record NoticeView(
    string Number, string Issuer, string IssuerShort, string MainRecipients, DateOnly Date, string Laggard, string Reason,
    DateTimeOffset? MeetingAt = null, string? Place = null, IReadOnlyList<string>? Attendees = null);

/// <summary>
/// Everything a template may name. Every key is always present (nil when unknown), so a misspelt variable
/// fails when the catalog renders each template against <see cref="Sample"/> at start-up, not in a mail.
/// </summary>
public sealed record MailModel(
    string Kind, string TemplateId, string RecipientRole, string RecipientTitle, string? StepTitle,
    CaseView? Case, DeadlineView? Deadline, NoticeView? Notice, IReadOnlyDictionary<string, string> Data, string Region)
{
    public static MailModel Sample(string kind, string templateId) => new(
        kind, templateId, "bureau-officer", "职能部门经办人", "整改期限届满",
        new CaseView(1, "http://127.0.0.1:5080/cases/1", new DateOnly(2026, 1, 5), "示例依据", "限期整改", "示例有限公司",
            "91431000MA0000001X", "示例县", "示例市", "示例生产线", 1.5m, "万吨/年", Standard.Energy),
        new DeadlineView(new DateOnly(2026, 7, 6), "示例说明"),
        new NoticeView("示淘汰办〔2026〕1号", "示例市淘汰落后产能工作领导小组办公室", "示淘汰办", "各成员单位", new DateOnly(2026, 7, 10),
            "示例县", "示例事由", new DateTimeOffset(2026, 7, 20, 9, 0, 0, TimeSpan.FromHours(8)), "示例会议室", ["示例县人民政府分管负责人"]),
        new Dictionary<string, string> { ["timer"] = "rectifying/rectification-deadline" }, "示例市");

    public IReadOnlyDictionary<string, object?> ToLiquid() => new Dictionary<string, object?>
    {
        ["message"] = Map(("kind", Kind), ("template", TemplateId), ("step_title", StepTitle)),
        ["recipient"] = Map(("role", RecipientRole), ("title", RecipientTitle)),
        ["region"] = Region,
        ["case"] = Case is null ? null : Map(("id", Case.Id), ("url", Case.Url), ("finding_date", Zh(Case.FindingDate)),
            ("legal_basis", Case.LegalBasis), ("state_title", Case.StateTitle)),
        ["enterprise"] = Case is null ? null : Map(("name", Case.EnterpriseName), ("credit_code", Case.CreditCode),
            ("county", Case.County), ("city", Case.City)),
        ["capacity"] = Case is null ? null : Map(("line", Case.CapacityLine), ("amount", Case.CapacityAmount.ToString("0.###", CultureInfo.InvariantCulture)),
            ("unit", Case.CapacityUnit)),
        ["standard"] = Case is null ? null : Map(("id", Case.Standard.Id()), ("zh", Case.Standard.Zh()), ("en", Case.Standard.ToString())),
        ["deadline"] = Deadline is null ? null : Map(("last_day", Zh(Deadline.LastDay)), ("iso", Deadline.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("explanation", Deadline.Explanation)),
        ["notice"] = Notice is null ? null : Map(("number", Notice.Number), ("issuer", Notice.Issuer), ("issuer_short", Notice.IssuerShort),
            ("main_recipients", Notice.MainRecipients), ("date", Zh(Notice.Date)), ("laggard", Notice.Laggard), ("reason", Notice.Reason),
            ("meeting_at", Notice.MeetingAt is { } at ? ZhTime(at) : null), ("place", Notice.Place),
            ("attendees", (Notice.Attendees ?? []).Cast<object?>().ToList())),
        ["data"] = new OpenMap(Data.ToDictionary(kv => kv.Key, kv => (object?)kv.Value)),
    };

    /// <summary>A date as Chinese official documents write it: 2026年7月6日 (GB/T 9704-2012 §7.3.5.4, Arabic numerals).</summary>
    public static string Zh(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    public static string ZhTime(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Domain.Deadlines.ChinaTime.Zone);
        return $"{Zh(DateOnly.FromDateTime(local.DateTime))}{local:HH:mm}";
    }

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
