using System.Globalization;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Programmes;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>coal check --year 2026 --days FILE [--profile chenzhou-2017]</c>: checks a coal mine's production days (the
/// production-days file, docs/programmes.md) against the holiday calendar (000 §二 煤炭: at most 276 working days a
/// year, no production on statutory holidays) and prints each breach a line: <c>YYYY-MM-DD TAB kind TAB reason</c>,
/// kind <c>holiday</c> or <c>over-allowance</c>; then a summary on stderr. No database.
/// </summary>
public sealed class CoalCommand : ICliCommand
{
    public string Name => "coal";

    public string Usage => "coal check --year YYYY --days FILE [--profile chenzhou-2017]    a coal mine's production days against 276 days and the holidays";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals is not ["check"])
        {
            throw new CliUsageException("应为子命令 check。", "expected 'check'.");
        }

        var yearText = args.Required("year");
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            throw new CliUsageException($"--year “{yearText}”不是年份。", $"--year '{yearText}' is not a year.");
        }

        var file = args.Required("days");
        var profileId = args.Optional("profile") ?? ForecastCommand.DefaultProfile;
        args.RejectUnknown();
        if (!File.Exists(file))
        {
            throw new CliUsageException($"--days：找不到文件“{file}”。", $"--days: no file '{file}'.");
        }

        IReadOnlyList<DateOnly> days;
        try
        {
            days = ProductionDaysText.Parse(await File.ReadAllTextAsync(file, cancellationToken), year);
        }
        catch (ProductionDaysFormatException e)
        {
            throw CliUsageException.Bilingual($"{file}: {e.Message}");
        }

        var calendar = await CalendarFile.LoadAsync(ProjectPaths.HolidayCalendar(context.Root()), context, cancellationToken);
        var catalog = await WorkflowFiles.LoadAsync(context);
        if (calendar is null || catalog is null)
        {
            return WorkflowFiles.BrokenExitCode;
        }

        var profile = catalog.Profiles.FirstOrDefault(p => p.Id == profileId)
            ?? throw new CliUsageException($"未知的地方方案 --profile “{profileId}”。", $"--profile '{profileId}' is unknown.");
        var programme = profile.Coal
            ?? throw new CliUsageException($"地方方案“{profileId}”没有煤矿作业日规定（coal）。", $"profile '{profileId}' sets no coal programme.");
        if (!calendar.Covers(year))
        {
            throw new CliUsageException($"节假日日历尚无{year}年安排，无法核对法定节假日；请先录入（calendar add）。",
                $"the holiday calendar has no arrangement for {year} yet, so statutory holidays cannot be checked; add it first (calendar add).");
        }

        var breaches = CoalProductionCheck.Check(programme, year, days, calendar);
        foreach (var b in breaches)
        {
            var kind = b.Kind == CoalBreachKind.StatutoryHoliday ? "holiday" : "over-allowance";
            await context.Out.WriteLineAsync($"{b.Date:yyyy-MM-dd}\t{kind}\t{b.ReasonZh(programme)} / {b.ReasonEn(programme)}");
        }

        await context.Error.WriteLineAsync(
            $"# {year}: {days.Count} 个生产日 production days, 上限 allowance {programme.WorkingDaysPerYear}; {breaches.Count} 处违规 breach(es) ({programme.Source})");
        return 0;
    }
}
