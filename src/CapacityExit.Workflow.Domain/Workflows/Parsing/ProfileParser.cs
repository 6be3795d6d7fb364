using System.Text.RegularExpressions;
using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>Reads one jurisdiction profile, e.g. workflows/profiles/henan-2021.yaml.</summary>
internal static partial class ProfileParser
{
    [GeneratedRegex(@"^(?<id>[a-z][a-z0-9-]*)\.ya?ml$")]
    private static partial Regex FileNamePattern();

    public static JurisdictionProfile? Parse(string file, string text, List<DefinitionError> errors)
    {
        var y = new YamlReader(file, errors);
        var root = y.LoadRoot(text);
        if (root is null)
        {
            return null;
        }

        y.Entries(root, "a profile", "id", "title", "sources", "reminders", "periods", "roles", "role-titles", "reports",
            "kiln-shutdown", "recheck", "coal");
        var id = y.Text(root, "id", "a profile", required: true) ?? "";
        var match = FileNamePattern().Match(Path.GetFileName(file));
        if (!match.Success || match.Groups["id"].Value != id)
        {
            y.Error(root, $"the file name must be <id>.yaml; the file is '{Path.GetFileName(file)}' and its id '{id}'");
        }

        var reminders = y.Map(y.Get(root, "reminders"), "'reminders'");
        y.Entries(reminders, "'reminders'", "working-days-before", "at");
        var offsets = new List<int>();
        foreach (var (_, node) in y.List(y.Get(reminders, "working-days-before"), "'working-days-before'"))
        {
            if (y.Int(node, "a reminder offset (working days before the last day)") is { } offset)
            {
                offsets.Add(offset);
            }
        }

        var at = y.Get(reminders, "at") is { } atNode ? y.Time(atNode, "'at' of 'reminders'") : null;
        return new JurisdictionProfile(
            id,
            y.Text(root, "title", "a profile", required: true) ?? id,
            file,
            y.List(y.Get(root, "sources"), "'sources'").Select(s => s.Value).ToList(),
            offsets.Distinct().OrderByDescending(o => o).ToList(),
            at ?? new TimeOnly(9, 0),
            ParsePeriods(y, root),
            ParseRoles(y, root),
            y.Entries(y.Map(y.Get(root, "role-titles"), "'role-titles'"), "'role-titles'")
                .ToDictionary(e => e.Key, e => y.Scalar(e.Value, $"the title of role '{e.Key}'") ?? e.Key, StringComparer.Ordinal),
            ParseReports(y, root))
        {
            KilnShutdown = ProgrammeParser.Kiln(y, root), Recheck = ProgrammeParser.Recheck(y, root), Coal = ProgrammeParser.Coal(y, root),
        };
    }

    private static Dictionary<string, ProfileValue> ParsePeriods(YamlReader y, YamlDotNet.RepresentationModel.YamlMappingNode root)
    {
        var periods = new Dictionary<string, ProfileValue>(StringComparer.Ordinal);
        foreach (var (key, node, _) in y.Entries(y.Map(y.Get(root, "periods"), "'periods'"), "'periods'"))
        {
            var text = y.Scalar(node, $"period '{key}'");
            if (text is null)
            {
                continue;
            }

            if (!text.StartsWith("var:", StringComparison.Ordinal))
            {
                try
                {
                    PeriodExpression.Parse(text);
                }
                catch (PeriodFormatException e)
                {
                    y.Error(node, $"period '{key}' does not parse: {e.Message}");
                }
            }

            periods[key] = new ProfileValue(text, y.At(node));
        }

        return periods;
    }

    private static Dictionary<string, ProfileRoles> ParseRoles(YamlReader y, YamlDotNet.RepresentationModel.YamlMappingNode root)
    {
        var roles = new Dictionary<string, ProfileRoles>(StringComparer.Ordinal);
        foreach (var (key, node, _) in y.Entries(y.Map(y.Get(root, "roles"), "'roles'"), "'roles'"))
        {
            roles[key] = new ProfileRoles(y.List(node, $"role '{key}'").Select(r => r.Value).ToList(), y.At(node));
        }

        return roles;
    }

    private static readonly Dictionary<string, ReportFiler> Filers = new(StringComparer.Ordinal)
    {
        ["counties"] = ReportFiler.Counties, ["bureaus"] = ReportFiler.Bureaus, ["office"] = ReportFiler.Office,
    };

    private static readonly Dictionary<string, Registry.BureauKind> BureauKindNames = new(StringComparer.Ordinal)
    {
        ["development"] = Registry.BureauKind.Development, ["industry-it"] = Registry.BureauKind.IndustryIT,
        ["environment"] = Registry.BureauKind.Environment, ["market-regulation"] = Registry.BureauKind.MarketRegulation,
        ["emergency-management"] = Registry.BureauKind.EmergencyManagement,
    };

    /// <summary>'bureaus' of a report: which of the city's bureaus file it (when 'from' names bureaus); absent: all.</summary>
    private static List<Registry.BureauKind>? ParseBureauKinds(YamlReader y, YamlDotNet.RepresentationModel.YamlMappingNode? map, string what)
    {
        if (y.Get(map, "bureaus") is not { } node)
        {
            return null;
        }

        var kinds = new List<Registry.BureauKind>();
        foreach (var (value, item) in y.List(node, $"'bureaus' of {what}"))
        {
            if (BureauKindNames.TryGetValue(value, out var kind))
            {
                kinds.Add(kind);
            }
            else
            {
                y.Error(item, $"'bureaus' of {what}: '{value}' is not a bureau ({string.Join(", ", BureauKindNames.Keys)})");
            }
        }

        return kinds;
    }

    private static List<ReportFiler> ParseFilers(YamlReader y, YamlDotNet.RepresentationModel.YamlMappingNode? map, string what, YamlDotNet.RepresentationModel.YamlNode keyNode)
    {
        var filers = new List<ReportFiler>();
        foreach (var (value, node) in y.List(y.Get(map, "from"), $"'from' of {what}"))
        {
            if (Filers.TryGetValue(value, out var filer))
            {
                filers.Add(filer);
            }
            else
            {
                y.Error(node, $"'from' of {what}: '{value}' is not a filer (counties, bureaus or office)");
            }
        }

        if (filers.Count == 0 && y.Get(map, "from") is null)
        {
            y.Error(keyNode, $"{what} needs 'from' (counties, bureaus and/or office: who files it)");
        }

        return filers.Distinct().ToList();
    }

    private static List<ReportDue> ParseReports(YamlReader y, YamlDotNet.RepresentationModel.YamlMappingNode root)
    {
        var reports = new List<ReportDue>();
        foreach (var (name, node, keyNode) in y.Entries(y.Map(y.Get(root, "reports"), "'reports'"), "'reports'"))
        {
            var what = $"report '{name}'";
            var map = y.Map(node, what);
            y.Entries(map, what, "title", "due", "roll", "fixed-because", "to", "source", "from", "bureaus");
            var dueNode = y.Get(map, "due");
            var due = dueNode is null ? null : y.MonthDay(dueNode, $"'due' of {what}");
            if (dueNode is null)
            {
                y.Error(keyNode, $"{what} needs 'due' (MM-DD)");
            }

            // A named date on a rest day moves to the next working day (民法典第二百零三条), unless the profile keeps it
            // fixed and writes why beside it (roll: false with fixed-because).
            var roll = y.Bool(map, "roll", what, true);
            var fixedBecause = y.Text(map, "fixed-because", what);
            if (!roll && string.IsNullOrWhiteSpace(fixedBecause))
            {
                y.Error(y.Get(map, "roll")!, $"{what} keeps its date fixed on rest days (roll: false): write why in 'fixed-because' (民法典第二百零三条 moves it otherwise)");
            }
            else if (roll && fixedBecause is not null)
            {
                y.Error(y.Get(map, "fixed-because")!, $"{what} gives 'fixed-because' but its date moves off rest days: add 'roll: false' or remove the reason");
            }

            reports.Add(new ReportDue(name, y.Text(map, "title", what, required: true) ?? name, due?.Month ?? 1, due?.Day ?? 1,
                roll, y.Text(map, "to", what, required: true) ?? "", y.Text(map, "source", what, required: true) ?? "",
                y.At(keyNode)) { From = ParseFilers(y, map, what, keyNode), FixedBecause = roll ? null : fixedBecause, BureauKinds = ParseBureauKinds(y, map, what) });
        }

        return reports;
    }
}
