using System.Globalization;
using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>Turns a definition's references ("profile:x", "var:y", "P6M") into values for one case.</summary>
internal sealed class Resolver(WorkflowDefinition definition, JurisdictionProfile profile, IReadOnlyDictionary<string, string> variables)
{
    public const string DateFormat = "yyyy-MM-dd";

    public IReadOnlyList<string> Roles(RoleRef role) => role.ProfileKey is { } key
        ? profile.Roles.TryGetValue(key, out var roles)
            ? roles.RoleIds
            : throw Broken($"profile '{profile.Id}' has no role '{key}'")
        : [role.Text];

    public string Role(RoleRef role) => Roles(role) is [var single]
        ? single
        : throw Broken($"'{role.Text}' must name exactly one role in profile '{profile.Id}'");

    public PeriodExpression Period(ValueRef value)
    {
        var text = value.Text;
        if (value.ProfileKey is { } key)
        {
            text = profile.Periods.TryGetValue(key, out var p) ? p.Text : throw Broken($"profile '{profile.Id}' has no period '{key}'");
        }

        if (text.StartsWith("var:", StringComparison.Ordinal))
        {
            var name = text[4..];
            text = variables.TryGetValue(name, out var v)
                ? v
                : throw new WorkflowRuleException("missing-field", $"缺少期限“{name}”（由责令文书确定）",
                    $"The period '{name}' is missing: {profile.Id} leaves it to the order ({value.Text}).");
        }

        try
        {
            return PeriodExpression.Parse(text);
        }
        catch (PeriodFormatException e)
        {
            throw new WorkflowRuleException("invalid-field", $"期限“{text}”无法识别", e.Message);
        }
    }

    public DateOnly Date(string variable) => variables.TryGetValue(variable, out var text)
        ? ParseDate(variable, text)
        : throw new WorkflowRuleException("missing-field", $"缺少日期“{variable}”", $"The date '{variable}' is missing.");

    public int DayOfMonth(ValueRef value)
    {
        var text = value.Variable is { } v ? variables.GetValueOrDefault(v) : value.Text;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31
            ? day
            : throw new WorkflowRuleException("invalid-field", $"每月固定日“{text}”应为1至31", $"'{value.Text}' = '{text}' is not a day of the month (1-31).");
    }

    public static DateOnly ParseDate(string field, string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new WorkflowRuleException("invalid-field", $"“{field}”应为日期（YYYY-MM-DD），而不是“{text}”",
                $"'{field}' must be a date written YYYY-MM-DD, not '{text}'.");

    public static string Format(DateOnly d) => d.ToString(DateFormat, CultureInfo.InvariantCulture);

    private InvalidOperationException Broken(string message) =>
        new($"Definition {definition.Id} v{definition.Version} cannot run under this profile: {message}. The catalog should have refused it.");
}
