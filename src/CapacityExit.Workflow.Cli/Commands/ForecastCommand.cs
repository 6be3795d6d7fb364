using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>forecast --standard energy --found 2026-01-15 [--profile chenzhou-2017] [--extension P3M] [--vars k=v,...]</c>:
/// runs the real definition on a virtual clock (no database) and prints each timer that would fire, one line
/// each: <c>YYYY-MM-DD TAB kind TAB recipient role</c>. A deadline prints on its last day (it runs out at 24:00).
/// </summary>
public sealed class ForecastCommand : ICliCommand
{
    public const string DefaultProfile = "chenzhou-2017";

    public string Name => "forecast";

    public string Usage => "forecast --standard energy --found YYYY-MM-DD [--profile chenzhou-2017] [--extension P3M] [--vars name=value,...]    timers a case would fire\n"
        + "  forecast --kiln-day 1-31 --from YYYY-MM-DD --until YYYY-MM-DD    monthly kiln shutdown days (000 §二 水泥), one ISO date a line";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new CliUsageException($"多余的参数“{args.Positionals[0]}”。", $"unexpected argument '{args.Positionals[0]}'.");
        }

        if (args.Optional("kiln-day") is { } kilnDay)
        {
            return await KilnDaysAsync(args, kilnDay, context);
        }

        var standard = args.Required("standard");
        var found = CalendarFile.ParseDate(args.Required("found"), "--found");
        var profileId = args.Optional("profile") ?? DefaultProfile;
        var extension = ParseExtension(args.Optional("extension"));
        var variables = ParseVariables(args.Optional("vars"));
        args.RejectUnknown();

        var calendar = await CalendarFile.LoadAsync(ProjectPaths.HolidayCalendar(context.Root()), context, cancellationToken);
        var catalog = await WorkflowFiles.LoadAsync(context);
        if (calendar is null || catalog is null)
        {
            return WorkflowFiles.BrokenExitCode;
        }

        var definition = WorkflowFiles.Definition(catalog, standard, null);
        if (!catalog.Profiles.Any(p => p.Id == profileId))
        {
            throw new CliUsageException($"未知的地方方案 --profile “{profileId}”；已有：{string.Join("、", catalog.Profiles.Select(p => p.Id).Order())}。",
                $"--profile '{profileId}' is unknown; known: {string.Join(", ", catalog.Profiles.Select(p => p.Id).Order())}.");
        }

        SimulationResult result;
        try
        {
            result = new CaseSimulator(calendar).Run(definition, catalog.Profile(profileId), new CaseFacts(standard, found, variables), new SimulationOptions(extension));
        }
        catch (WorkflowRuleException e)
        {
            throw new CliUsageException(e.MessageZh, e.Message);
        }
        catch (YearNotCoveredException e)
        {
            throw CliUsageException.Bilingual(e.Message);
        }

        foreach (var line in result.Fired)
        {
            await context.Out.WriteLineAsync(line.ToLine());
        }

        if (result.Stopped is { } why)
        {
            await context.Error.WriteLineAsync($"# {definition.Id} v{definition.Version}, {profileId}: ends in '{result.Final.State}'; {why}");
        }

        return 0;
    }

    /// <summary>
    /// 组织水泥熟料装置每月固定时间断电停产 (000 §二 水泥): the fixed day of every month in the range, a month without it on its
    /// last day (the 31st → 30 April, 28 February). Only the rule of the day: a city's programme may also move a rest
    /// day, which <c>programme kiln forecast</c> shows per line.
    /// </summary>
    private static async Task<int> KilnDaysAsync(CliArgs args, string text, CliContext context)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day) || day is < 1 or > 31)
        {
            throw new CliUsageException($"--kiln-day “{text}”应为每月的日期 1 至 31。", $"--kiln-day '{text}' is not a day of the month from 1 to 31.");
        }

        var from = CalendarFile.ParseDate(args.Required("from"), "--from");
        var until = CalendarFile.ParseDate(args.Required("until"), "--until");
        args.RejectUnknown();
        if (until < from || until > from.AddYears(10))
        {
            throw new CliUsageException($"--until {until:yyyy-MM-dd} 应在 --from {from:yyyy-MM-dd} 之后且不超过十年。",
                $"--until {until:yyyy-MM-dd} must not be before --from {from:yyyy-MM-dd} nor more than ten years after it.");
        }

        foreach (var d in Domain.Programmes.KilnShutdownRule.NominalDays(day, from, until))
        {
            await context.Out.WriteLineAsync(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        return 0;
    }

    private static PeriodExpression? ParseExtension(string? text)
    {
        try
        {
            return text is null ? null : PeriodExpression.Parse(text);
        }
        catch (PeriodFormatException e)
        {
            throw new CliUsageException("--extension 期间格式有误（应写作 P3M 等）。", $"--extension: {e.Message}");
        }
    }

    private static Dictionary<string, string> ParseVariables(string? text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0 || !variables.TryAdd(pair[..eq].Trim(), pair[(eq + 1)..].Trim()))
            {
                throw new CliUsageException($"--vars：“{pair}”应写作 名称=值（每个名称一次）。", $"--vars: '{pair}' is not name=value (or the name is given twice).");
            }
        }

        return variables;
    }
}
