using System.Globalization;
using System.Text;
using CapacityExit.Workflow.Core.Calendar;
using CapacityExit.Workflow.Core.Calendar.YearArrival;
using Microsoft.Extensions.DependencyInjection;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>calendar show [--year Y] | check DATE... | add --year Y --notice T --holiday SPEC [--replace]</c>:
/// reads and extends workflows/calendar/cn-holidays.txt, the holiday calendar every deadline is computed on.
/// </summary>
public sealed class CalendarCommand : ICliCommand
{
    public string Name => "calendar";

    public string Usage =>
        "calendar show [--year YYYY] | check YYYY-MM-DD... | add --year YYYY --notice TITLE --holiday \"春节:2027-02-06..2027-02-13:work=2027-02-14,2027-02-20\" [--holiday ...] [--replace]";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var path = ProjectPaths.HolidayCalendar(context.Root());
        var rest = args.Positionals.Skip(1).ToArray();
        return args.Positionals.FirstOrDefault() switch
        {
            "show" when rest.Length == 0 => await ShowAsync(args, path, context, cancellationToken),
            "check" when rest.Length > 0 => await CheckAsync(args, rest, path, context, cancellationToken),
            "add" => await AddAsync(args, rest, path, context, cancellationToken),
            _ => throw new CliUsageException("应为子命令 show [--year YYYY]、check YYYY-MM-DD 或 add。", "expected 'show [--year YYYY]', 'check YYYY-MM-DD' or 'add'."),
        };
    }

    private static async Task<int> ShowAsync(CliArgs args, string path, CliContext context, CancellationToken cancellationToken)
    {
        var year = args.Optional("year") is { } text ? ParseYear(text) : (int?)null;
        args.RejectUnknown();
        var calendar = await CalendarFile.LoadAsync(path, context, cancellationToken);
        if (calendar is null)
        {
            return CalendarFile.BrokenExitCode;
        }

        if (year is null)
        {
            foreach (var covered in calendar.Years)
            {
                await context.Out.WriteLineAsync($"{covered.Year}  {covered.NoticeTitle}");
            }

            return 0;
        }

        var section = calendar.Year(year.Value) ?? throw NotCovered(calendar, year.Value);
        await context.Out.WriteAsync(CalendarFile.Describe(section));
        return 0;
    }

    /// <summary>A year the calendar holds no arrangement for: say so, and which years it does hold.</summary>
    private static CliUsageException NotCovered(HolidayCalendar calendar, int year)
    {
        var covered = calendar.Years.Count == 0 ? "无 / none" : $"{calendar.Years.Min(y => y.Year)}–{calendar.Years.Max(y => y.Year)}";
        return new CliUsageException(
            $"节假日日历未包含{year}年的放假安排（已录入：{covered}年）；国务院办公厅公布该年安排后，用 calendar add --year {year} 录入。",
            $"The holiday calendar does not cover {year} (it covers {covered}); enter the State Council's {year} arrangement with calendar add --year {year} once it is published.");
    }

    private static async Task<int> CheckAsync(CliArgs args, string[] dates, string path, CliContext context, CancellationToken cancellationToken)
    {
        args.RejectUnknown();
        var days = dates.Select(d => CalendarFile.ParseDate(d, "日期 / the date")).ToList();
        var calendar = await CalendarFile.LoadAsync(path, context, cancellationToken);
        if (calendar is null)
        {
            return CalendarFile.BrokenExitCode;
        }

        foreach (var day in days)
        {
            try
            {
                await context.Out.WriteLineAsync(CalendarFile.DescribeDay(calendar, day));
            }
            catch (YearNotCoveredException e)
            {
                throw CliUsageException.Bilingual(e.Message);
            }
        }

        return 0;
    }

    private static async Task<int> AddAsync(CliArgs args, string[] extra, string path, CliContext context, CancellationToken cancellationToken)
    {
        var year = ParseYear(args.Required("year"));
        var notice = args.Required("notice");
        // One --holiday per holiday, as the notice lists them; ';' inside one value and bare further arguments work too.
        var given = args.All("holiday");
        if (given.Count == 0)
        {
            throw new CliUsageException("缺少必填选项 --holiday。", "--holiday is required.");
        }

        var specs = given.SelectMany(h => h.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(extra).ToList();
        var replace = args.Flag("replace");
        args.RejectUnknown();

        var holidays = specs.Select(ParseHoliday).ToList();
        if (await CalendarFile.LoadAsync(path, context, cancellationToken) is null)
        {
            return CalendarFile.BrokenExitCode;
        }

        CalendarYearAdded added;
        try
        {
            // With a database, the cases' provisional deadlines are recomputed in the same step (Core: YearArrivalRecompute).
            using var host = TryBuildHost(context);
            var recompute = host?.Services.GetRequiredService<YearArrivalRecompute>();
            added = await new CalendarAdministration(path, recompute, years: host?.Services.GetRequiredService<HolidayYearStore>()).AddYearAsync(year, notice, holidays, replace, cancellationToken,
                $"cli:{Environment.UserName}");
        }
        catch (DomainValidationException e)
        {
            throw new CliUsageException(string.Join("；", e.Errors.Select(x => x.Field == "year" ? $"{x.MessageZh}（--replace）" : x.MessageZh)),
                string.Join("; ", e.Errors.Select(x => x.Field == "year" ? $"{x.MessageEn} (--replace)" : x.MessageEn)));
        }

        await context.Out.WriteLineAsync(added.Recomputed is null
            ? $"已写入{year}年放假安排（{year} written to {path}）："
            : $"已将{year}年放假安排存入数据库，各服务器即时采用（{year} kept in the database, every host counts on it at once）：");
        await context.Out.WriteAsync(CalendarFile.Describe(added.Year));
        if (added.Recomputed is { } summary)
        {
            await context.Out.WriteLineAsync($"{summary.Zh}（{summary.En}）");
        }
        else
        {
            await context.Error.WriteLineAsync("未配置数据库：案件期限未重新计算（no database configured: no case deadline was recomputed）");
        }

        return 0;
    }

    /// <summary>The host's services when a database is configured; null for a calendar kept without one.</summary>
    internal static Microsoft.Extensions.Hosting.IHost? TryBuildHost(CliContext context) =>
        string.IsNullOrWhiteSpace(HostConfiguration.Load(context.Root())[CapacityExitSettings.ConnectionKey]) && ProjectCluster.Find(context.Root()) is null
            ? null
            : CliServices.Build(context);

    private static int ParseYear(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1949 and <= 9998
            ? year
            : throw new CliUsageException($"--year “{text}”不是年份（YYYY）。", $"--year '{text}' is not a year (YYYY).");

    /// <summary>NAME:FIRST..LAST[:work=D1,D2], e.g. 春节:2027-02-06..2027-02-13:work=2027-02-14,2027-02-20.</summary>
    private static HolidayArrangement ParseHoliday(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Trim().Length == 0)
        {
            throw new CliUsageException($"--holiday “{spec}”应写作 名称:YYYY-MM-DD..YYYY-MM-DD[:work=YYYY-MM-DD,...]。",
                $"--holiday '{spec}' is not NAME:YYYY-MM-DD..YYYY-MM-DD[:work=YYYY-MM-DD,...].");
        }

        var range = parts[1].Trim().Split("..");
        var first = CalendarFile.ParseDate(range[0], $"--holiday '{spec}'");
        var last = range.Length == 2 ? CalendarFile.ParseDate(range[1], $"--holiday '{spec}'")
            : range.Length == 1 ? first
            : throw new CliUsageException($"--holiday “{spec}”：放假日期应写作 首日..末日。", $"--holiday '{spec}': the days off are FIRST..LAST.");
        var work = new List<DateOnly>();
        if (parts.Length == 3)
        {
            var text = parts[2].Trim();
            if (!text.StartsWith("work=", StringComparison.Ordinal))
            {
                throw new CliUsageException($"--holiday “{spec}”：第三部分列调休上班日，写作 work=YYYY-MM-DD,...。",
                    $"--holiday '{spec}': the third part lists make-up working days as work=YYYY-MM-DD,...");
            }

            work.AddRange(text["work=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => CalendarFile.ParseDate(d, $"--holiday '{spec}'")));
        }

        return new HolidayArrangement(parts[0].Trim(), first, last, work);
    }
}

/// <summary>Loading and printing the calendar for the deadline and calendar commands.</summary>
internal static class CalendarFile
{
    /// <summary>The installation's calendar is missing or broken: not a usage error, the file must be fixed.</summary>
    public const int BrokenExitCode = 1;

    public static async Task<HolidayCalendar?> LoadAsync(string path, CliContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await context.Error.WriteLineAsync($"节假日日历文件不存在（holiday calendar not found）: {path}");
            return null;
        }

        try
        {
            var shipped = HolidayCalendar.Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
            // With a database, what every host counts on: the years administrators entered, laid over the shipped file.
            using var host = CalendarCommand.TryBuildHost(context);
            return host is null ? shipped : await host.Services.GetRequiredService<HolidayYearStore>().MergeAsync(shipped, cancellationToken);
        }
        catch (CalendarFormatException e)
        {
            await context.Error.WriteLineAsync($"节假日日历有误，请先修正（the holiday calendar is invalid）: {e.Message}");
            return null;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await context.Error.WriteLineAsync($"无法从数据库读取管理员录入的放假安排（cannot read the holiday years entered in the database）: {e.Message}");
            return null;
        }
    }

    public static DateOnly ParseDate(string text, string what) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliUsageException($"{what}：“{text}”不是日期（YYYY-MM-DD）。", $"{what}: '{text}' is not a date (YYYY-MM-DD).");

    public static string Describe(CalendarYear year)
    {
        var text = new StringBuilder($"[{year.Year}] {year.NoticeTitle}\n");
        foreach (var holiday in year.Holidays)
        {
            var days = holiday.LastDayOff.DayNumber - holiday.FirstDayOff.DayNumber + 1;
            text.Append(CultureInfo.InvariantCulture,
                $"{holiday.Name}：{Day(holiday.FirstDayOff)} 至 {Day(holiday.LastDayOff)} 放假，共{days}天");
            if (holiday.MakeUpWorkingDays.Count > 0)
            {
                text.Append("；").Append(string.Join("、", holiday.MakeUpWorkingDays.Order().Select(Day))).Append(" 调休上班");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static string DescribeDay(HolidayCalendar calendar, DateOnly day)
    {
        var name = calendar.HolidayName(day);
        var kind = calendar.Classify(day) switch
        {
            DayKind.PublicHoliday => $"法定节假日（{name}），休息日 / public holiday, rest day",
            DayKind.MakeUpWorkingDay => $"调休上班日（{name}），工作日 / make-up working day",
            DayKind.Weekend => "周末，休息日 / weekend, rest day",
            _ => "工作日 / working day",
        };
        return $"{Day(day)}  {kind}";
    }

    /// <summary>2026-01-01（周四）: the weekday shows at a glance whether a make-up day really is a weekend day.</summary>
    private static string Day(DateOnly d) =>
        d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "（周" + "日一二三四五六"[(int)d.DayOfWeek] + "）";
}
