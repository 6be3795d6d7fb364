using System.Globalization;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>deadline --from DATE --period P6M [--no-roll] [--lang en]</c>: the last day of a legal period
/// (民法典第二百零一条至第二百零三条) on the installation's holiday calendar. The first line is the last day
/// alone, in ISO form, so scripts can read it; the explanation follows.
/// </summary>
public sealed class DeadlineCommand : ICliCommand
{
    public string Name => "deadline";

    public string Usage => "deadline --from YYYY-MM-DD --period P6M[+P3M] [--no-roll] [--lang zh|en]    last day of a legal period, explained";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new CliUsageException($"多余的参数“{args.Positionals[0]}”。", $"unexpected argument '{args.Positionals[0]}'.");
        }

        var from = CalendarFile.ParseDate(args.Required("from"), "--from");
        var period = ParsePeriod(args.Required("period"));
        var noRoll = args.Flag("no-roll");
        var english = ParseLanguage(args.Optional("lang"));
        args.RejectUnknown();

        var calendar = await CalendarFile.LoadAsync(ProjectPaths.HolidayCalendar(context.Root()), context, cancellationToken);
        if (calendar is null)
        {
            return CalendarFile.BrokenExitCode;
        }

        DeadlineResult result;
        try
        {
            result = new DeadlineCalculator(calendar).Compute(from, period, rollOffRestDays: !noRoll);
        }
        catch (YearNotCoveredException e)
        {
            // Not computable until the year's notice is in the calendar: refuse rather than guess.
            throw CliUsageException.Bilingual(e.Message);
        }

        await context.Out.WriteLineAsync(result.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await context.Out.WriteAsync(english ? result.ExplainEn() : result.ExplainZh());
        return 0;
    }

    private static PeriodExpression ParsePeriod(string text)
    {
        try
        {
            return PeriodExpression.Parse(text);
        }
        catch (PeriodFormatException e)
        {
            throw new CliUsageException("--period 期间格式有误（应写作 P6M、P20WD、P6M+P3M 等）。", $"--period: {e.Message}");
        }
    }

    private static bool ParseLanguage(string? lang) => lang switch
    {
        null or "zh" => false,
        "en" => true,
        _ => throw new CliUsageException($"不支持 --lang “{lang}”：请用 zh 或 en。", $"--lang '{lang}' is not supported; use zh or en."),
    };
}
