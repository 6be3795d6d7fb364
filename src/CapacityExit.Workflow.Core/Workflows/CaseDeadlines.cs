using System.Globalization;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>A case's deadline explained again: how its last day was reached, and the years it counted provisionally.</summary>
public sealed record ExplainedDeadline(DeadlineResult Result, IReadOnlyList<int> ProvisionalYears)
{
    public bool Provisional => ProvisionalYears.Count > 0;

    /// <summary>The explanation in zh or en, led by the provisional note where a year is not yet covered.</summary>
    public string Explain(string language)
    {
        var text = language == "en" ? Result.ExplainEn() : Result.ExplainZh();
        return Provisional ? $"{ProvisionalDates.In(language, ProvisionalYears)}{(language == "en" ? ". " : "。")}{text}" : text;
    }
}

/// <summary>
/// Explains a deadline the workflow recorded, on the workflow's own calendar (the covered years, and the two after
/// them by the weekend rule, as WorkflowRuntime computes): the case's period counted again where it reaches the
/// same last day, else the last day as a named day. What mail, notices and the case page say of a deadline.
/// </summary>
public static class CaseDeadlines
{
    public static ExplainedDeadline? Explain(WorkflowRuntime runtime, TimerDefinition? timer, DateOnly findingDate, JurisdictionProfile? profile,
        IReadOnlyDictionary<string, string> variables, DateOnly lastDay)
    {
        var calculator = new DeadlineCalculator(runtime.WorkflowCalendar);
        try
        {
            var result = timer?.Due is PeriodDue p && Recompute(calculator, findingDate, p, profile, variables) is { } r && r.LastDay == lastDay
                ? r
                : calculator.FixedDate(lastDay, timer?.Due is DateDue dd ? dd.Roll : timer?.Due is PeriodDue pd && pd.Roll, timer?.Title ?? "办理期限");
            var uncovered = Enumerable.Range(result.Start.Year, result.LastDay.Year - result.Start.Year + 1).Where(y => !runtime.Calendar.Covers(y)).ToList();
            return new ExplainedDeadline(result, uncovered);
        }
        catch (YearNotCoveredException)
        {
            return null; // beyond even the provisional years: the caller names the last day as recorded
        }
    }

    private static DeadlineResult? Recompute(DeadlineCalculator calculator, DateOnly findingDate, PeriodDue p, JurisdictionProfile? profile,
        IReadOnlyDictionary<string, string> variables)
    {
        DateOnly? start = p.From switch
        {
            PeriodDue.FindingDate => findingDate,
            PeriodDue.Entered => null, // the day the state was entered is not kept apart from the history: explain as a named day
            var v => DateOnly.TryParse(variables.GetValueOrDefault(v), CultureInfo.InvariantCulture, out var x) ? x : null,
        };
        var period = p.Period.ProfileKey is { } key ? profile?.Periods.GetValueOrDefault(key)?.Text : p.Period.Text;
        if (period?.StartsWith("var:", StringComparison.Ordinal) == true || p.Period.Variable is not null)
        {
            period = variables.GetValueOrDefault(period?.StartsWith("var:", StringComparison.Ordinal) == true ? period[4..] : p.Period.Variable!);
        }

        try
        {
            return start is { } s && period is { Length: > 0 } text ? calculator.Compute(s, PeriodExpression.Parse(text), p.Roll) : null;
        }
        catch (PeriodFormatException)
        {
            return null;
        }
    }
}
