using CapacityExit.Workflow.Domain.Programmes;
using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>Reads a profile's industry programmes: kiln-shutdown, recheck, coal (see docs/programmes.md).</summary>
internal static class ProgrammeParser
{
    public static readonly IReadOnlyList<string> NotifiableRoles = ["enterprise", "bureau-officer", "power-supplier", "leading-group-office", "county-government"];

    public static KilnShutdownProgramme? Kiln(YamlReader y, YamlMappingNode root)
    {
        if (y.Get(root, "kiln-shutdown") is not { } node)
        {
            return null;
        }

        const string what = "'kiln-shutdown'";
        var map = y.Map(node, what);
        y.Entries(map, what, "day", "hours", "move-off-rest-days", "remind-working-days-before", "notify", "source", "escalate", "escalate-because");
        var day = y.Get(map, "day") is { } dayNode ? y.Int(dayNode, $"'day' of {what}") : null;
        if (day is not (>= 1 and <= 31))
        {
            y.Error(y.Get(map, "day") ?? node, $"{what} needs 'day', the fixed day of the month from 1 to 31 (a month without it uses its last day)");
        }

        var (from, until) = Hours(y, map, what, node);
        var reminders = new List<int>();
        foreach (var (_, n) in y.List(y.Get(map, "remind-working-days-before"), $"'remind-working-days-before' of {what}"))
        {
            if (y.Int(n, "a reminder offset (working days before the shutdown day)") is { } offset)
            {
                reminders.Add(offset);
            }
        }

        var notify = y.List(y.Get(map, "notify"), $"'notify' of {what}");
        foreach (var (role, n) in notify.Where(r => !NotifiableRoles.Contains(r.Value)))
        {
            y.Error(n, $"'notify' of {what}: '{role}' is not one of {string.Join(", ", NotifiableRoles)}");
        }

        if (notify.Count == 0)
        {
            y.Error(node, $"{what} needs 'notify': who is told (enterprise, bureau-officer, power-supplier)");
        }

        // 倡导通过行业自律组织…组织水泥熟料装置每月固定时间断电停产 (000 §二 水泥): encouraged through the industry's self-regulation,
        // so an unconfirmed stop climbs to 通报 and 约谈 only where the profile says so and why.
        var escalate = y.Bool(map, "escalate", what, false);
        var because = y.Text(map, "escalate-because", what);
        if (escalate && string.IsNullOrWhiteSpace(because))
        {
            y.Error(y.Get(map, "escalate")!, $"{what} escalates an unconfirmed stop to 通报 and 约谈 (escalate: true): write why in 'escalate-because' (000 §二 only encourages the stop through the industry's self-regulation)");
        }

        return new KilnShutdownProgramme(day ?? 1, from, until, y.Bool(map, "move-off-rest-days", what, false),
            reminders.Distinct().OrderByDescending(r => r).ToList(), notify.Select(r => r.Value).Distinct().ToList(),
            y.Text(map, "source", what, required: true) ?? "")
        {
            Escalates = escalate,
            EscalatesBecause = escalate ? because : null,
        };
    }

    public static RecheckProgramme? Recheck(YamlReader y, YamlMappingNode root)
    {
        if (y.Get(root, "recheck") is not { } node)
        {
            return null;
        }

        const string what = "'recheck'";
        var map = y.Map(node, what);
        y.Entries(map, what, "months-after-acceptance", "due-working-days", "source");
        var months = y.Get(map, "months-after-acceptance") is { } m ? y.Int(m, $"'months-after-acceptance' of {what}") : null;
        if (months is not (>= 1 and <= 60))
        {
            y.Error(y.Get(map, "months-after-acceptance") ?? node, $"{what} needs 'months-after-acceptance' from 1 to 60");
        }

        var due = y.Get(map, "due-working-days") is { } d ? y.Int(d, $"'due-working-days' of {what}") : 20;
        if (due is not (>= 1 and <= 250))
        {
            y.Error(y.Get(map, "due-working-days") ?? node, $"'due-working-days' of {what} must be from 1 to 250");
        }

        return new RecheckProgramme(months ?? 12, due ?? 20, y.Text(map, "source", what, required: true) ?? "");
    }

    public static CoalProgramme? Coal(YamlReader y, YamlMappingNode root)
    {
        if (y.Get(root, "coal") is not { } node)
        {
            return null;
        }

        const string what = "'coal'";
        var map = y.Map(node, what);
        y.Entries(map, what, "working-days", "no-production-on-holidays", "report-due-day", "report-remind-working-days-before", "source");
        var days = y.Get(map, "working-days") is { } n ? y.Int(n, $"'working-days' of {what}") : null;
        if (days is not (>= 1 and <= 366))
        {
            y.Error(y.Get(map, "working-days") ?? node, $"{what} needs 'working-days' from 1 to 366 (000 §二: 276)");
        }

        // The monthly report's due day: the seed names none; the 10th of the next month unless the profile says otherwise.
        var due = y.Get(map, "report-due-day") is { } dueNode ? y.Int(dueNode, $"'report-due-day' of {what}") : 10;
        if (due is not (>= 1 and <= 28))
        {
            y.Error(y.Get(map, "report-due-day") ?? node, $"'report-due-day' of {what} must be a day of the next month from 1 to 28");
        }

        var reminders = new List<int>();
        if (y.Get(map, "report-remind-working-days-before") is null)
        {
            reminders.Add(3);
        }

        foreach (var (_, r) in y.List(y.Get(map, "report-remind-working-days-before"), $"'report-remind-working-days-before' of {what}"))
        {
            if (y.Int(r, "a reminder offset (working days before the report's due day)") is { } offset)
            {
                reminders.Add(offset);
            }
        }

        return new CoalProgramme(days ?? 276, y.Bool(map, "no-production-on-holidays", what, true), y.Text(map, "source", what, required: true) ?? "",
            due ?? 10, reminders.Distinct().OrderByDescending(r => r).ToList());
    }

    private static (TimeOnly From, TimeOnly Until) Hours(YamlReader y, YamlMappingNode? map, string what, YamlNode node)
    {
        var text = y.Text(map, "hours", what);
        if (text is null)
        {
            return (TimeOnly.MinValue, TimeOnly.MinValue); // the whole day
        }

        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && TimeOnly.TryParseExact(parts[0], "HH:mm", out var from)
            && (parts[1] == "24:00" ? (TimeOnly?)TimeOnly.MinValue : TimeOnly.TryParseExact(parts[1], "HH:mm", out var u) ? u : null) is { } until
            && (until == TimeOnly.MinValue || until > from))
        {
            return (from, until);
        }

        y.Error(y.Get(map, "hours") ?? node, $"'hours' of {what} must be HH:mm-HH:mm within one day (e.g. 00:00-24:00), not '{text}'");
        return (TimeOnly.MinValue, TimeOnly.MinValue);
    }
}
