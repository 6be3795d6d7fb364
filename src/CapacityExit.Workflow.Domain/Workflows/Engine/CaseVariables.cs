using System.Globalization;
using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>Checks the facts a case starts with against the definition's declared variables.</summary>
internal static class CaseVariables
{
    public static void Check(WorkflowDefinition definition, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var v in definition.Variables)
        {
            if (!variables.TryGetValue(v.Name, out var text) || string.IsNullOrWhiteSpace(text))
            {
                if (v.Required)
                {
                    throw new WorkflowRuleException("missing-field", $"立案时须填写“{v.Title}”（{v.Name}）",
                        $"The case needs '{v.Name}' ({v.Title}) when it starts.");
                }

                continue;
            }

            var valid = v.Type switch
            {
                VariableType.Period => TryPeriod(text),
                VariableType.Date => DateOnly.TryParseExact(text, Resolver.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                VariableType.DayOfMonth => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 31,
                _ => true,
            };
            if (!valid)
            {
                throw new WorkflowRuleException("invalid-field", $"“{v.Title}”的值“{text}”格式不对",
                    $"'{v.Name}' = '{text}' is not a valid {v.Type} (periods like P3M, dates YYYY-MM-DD, days of the month 1-31).");
            }
        }
    }

    private static bool TryPeriod(string text)
    {
        try
        {
            PeriodExpression.Parse(text);
            return true;
        }
        catch (PeriodFormatException)
        {
            return false;
        }
    }
}
