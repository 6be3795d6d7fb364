using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>Reads a timer: a legal period (period/from), a named day (date), or a recurring day (monthly-day, yearly).</summary>
internal static class TimerParser
{
    public static TimerDefinition Parse(YamlReader y, string name, YamlNode value, YamlNode keyNode)
    {
        var what = $"timer '{name}'";
        var map = y.Map(value, what);
        y.Entries(map, what, "title", "period", "from", "date", "roll", "monthly-day", "yearly", "at", "recipient",
            "reminders", "record", "then", "exit-deadline", "if-set");
        var period = y.Text(map, "period", what);
        var date = y.Text(map, "date", what);
        var monthly = y.Text(map, "monthly-day", what);
        var yearlyNode = y.Get(map, "yearly");
        var kinds = new[] { period, date, monthly, yearlyNode is null ? null : "yearly" }.Count(k => k is not null);
        if (kinds != 1 && map is not null)
        {
            y.Error(keyNode, $"{what} needs exactly one of 'period', 'date', 'monthly-day' or 'yearly'");
        }

        var roll = y.Bool(map, "roll", what, true);
        DueRule due;
        if (period is not null)
        {
            due = new PeriodDue(new ValueRef(period, y.At(y.Get(map, "period")!)), y.Text(map, "from", what) ?? PeriodDue.FindingDate, roll);
        }
        else if (date is not null)
        {
            due = new DateDue(date, roll);
        }
        else
        {
            var at = y.Get(map, "at") is { } atNode ? y.Time(atNode, $"'at' of {what}") ?? TimeOnly.MinValue : TimeOnly.MinValue;
            var yearly = y.List(yearlyNode, $"'yearly' of {what}")
                .Select(d => y.MonthDay(d.Node, $"a date of 'yearly' of {what}"))
                .Where(d => d is not null)
                .Select(d => d!.Value)
                .ToList();
            due = new RecurringDue(monthly is null ? null : new ValueRef(monthly, y.At(y.Get(map, "monthly-day")!)), yearly, at);
        }

        var recipient = y.Text(map, "recipient", what, required: true) ?? "";
        var thenNode = y.Get(map, "then");
        return new TimerDefinition(
            name,
            y.Text(map, "title", what, required: true) ?? name,
            due,
            new RoleRef(recipient, y.At(y.Get(map, "recipient") ?? value)),
            y.Bool(map, "reminders", what, due is not RecurringDue),
            y.Text(map, "record", what),
            y.Text(map, "then", what),
            y.Bool(map, "exit-deadline", what, false),
            y.Text(map, "if-set", what),
            y.At(keyNode),
            y.At(thenNode ?? keyNode));
    }
}
