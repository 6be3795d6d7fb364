using System.Globalization;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>Query-string values the API reads as text and checks itself, so a wrong one is a bilingual error naming its field.</summary>
public static class ApiQuery
{
    public static int Year(string? text, TimeProvider time) =>
        string.IsNullOrWhiteSpace(text) ? ChinaTime.Today(time).Year
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100 ? year
        : throw DomainValidationException.Single("year", $"“{Cut(text)}”不是有效的年度（2000至2100之间的四位数）", $"'{Cut(text)}' is not a year (four digits from 2000 to 2100)");

    public static bool Flag(string field, string? text) =>
        string.IsNullOrWhiteSpace(text) ? false
        : bool.TryParse(text, out var value) ? value
        : throw DomainValidationException.Single(field, $"“{Cut(text)}”应为 true 或 false", $"'{Cut(text)}' should be true or false");

    public static int Page(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? 1
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 && page <= max ? page
        : throw DomainValidationException.Single("page", $"“{Cut(text)}”应为1至{max}之间的整数", $"'{Cut(text)}' should be a whole number from 1 to {max}");

    public static string Cut(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
