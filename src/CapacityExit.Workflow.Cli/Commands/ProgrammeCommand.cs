using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// The industry programmes (docs/programmes.md) on the installation's database:
/// <c>programme kiln-forecast --city CODE --from D --until D</c> lists every clinker line's shutdown days;
/// <c>programme kiln-confirm --as LOGIN --line ID --day D --by enterprise|power-supplier (--readings TEXT | --photo FILE)</c>;
/// <c>programme coal-report --as LOGIN --enterprise ID --year Y --month M --days FILE</c> records and checks a month;
/// <c>programme tasks --as LOGIN [--all]</c>; <c>programme complete --as LOGIN --task ID --outcome O --note TEXT [--standard S] [--data k=v] [--reported-on DATE --reference REF]</c>.
/// </summary>
public sealed class ProgrammeCommand : ICliCommand
{
    public string Name => "programme";

    public string Usage => "programme kiln-forecast --city CODE --from YYYY-MM-DD --until YYYY-MM-DD | kiln-confirm --as LOGIN --line ID --day YYYY-MM-DD --by enterprise|power-supplier (--readings TEXT | --photo FILE)"
        + " | coal-report --as LOGIN --enterprise ID --year YYYY --month M --days FILE | tasks --as LOGIN [--all] | complete --as LOGIN --task ID --outcome OUTCOME --note TEXT [--standard S] [--data k=v] [--reported-on DATE --reference REF]";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("应为子命令 kiln-forecast、kiln-confirm、coal-report、tasks 或 complete。", "expected a sub-command.");
        return sub switch
        {
            "kiln-forecast" => await ForecastAsync(args, context, cancellationToken),
            "kiln-confirm" => await ConfirmAsync(args, context, cancellationToken),
            "coal-report" => await CoalAsync(args, context, cancellationToken),
            "tasks" => await TasksAsync(args, context, cancellationToken),
            "complete" => await CompleteAsync(args, context, cancellationToken),
            _ => throw new CliUsageException($"未知子命令“{sub}”。", $"unknown sub-command '{sub}'."),
        };
    }

    private static async Task<int> ForecastAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var code = args.Required("city");
        var from = CalendarFile.ParseDate(args.Required("from"), "--from");
        var until = CalendarFile.ParseDate(args.Required("until"), "--until");
        args.RejectUnknown();
        if (until < from || until > from.AddYears(2))
        {
            throw new CliUsageException("--until 应在 --from 之后且不超过两年。", "--until must not be before --from nor more than two years after it.");
        }

        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        var directory = scope.ServiceProvider.GetRequiredService<ProgrammeDirectory>();
        var city = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == code, cancellationToken)
            ?? throw new CliUsageException($"--city “{code}”：没有这个行政区划代码。", $"--city '{code}': no jurisdiction has this code.");
        var programmeCity = await directory.CityAsync(city.Id, cancellationToken);
        if (programmeCity?.Profile.KilnShutdown is not { } programme)
        {
            throw new CliUsageException($"{city.NameZh}的工作方案没有水泥熟料装置停产方案。", $"{city.NameEn ?? city.NameZh}'s profile sets no kiln shutdown programme.");
        }

        await context.Error.WriteLineAsync($"# {city.NameZh}：每月{programme.Day}日（{programme.HoursText}）停产，{(programme.MovesOffRestDays ? "遇休息日顺延" : "遇休息日不顺延")}；{programme.Source}");
        foreach (var f in await directory.KilnForecastAsync(programmeCity, from, until, cancellationToken))
        {
            await context.Out.WriteLineAsync($"{f.Day.Day:yyyy-MM-dd}\t{f.Line.CapacityItemId}\t{f.Line.Label}\tconfirm by {f.Day.ConfirmBy:yyyy-MM-dd}");
        }

        return 0;
    }

    private static async Task<int> ConfirmAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var login = args.Required("as");
        var line = Id(args.Required("line"), "--line");
        var day = CalendarFile.ParseDate(args.Required("day"), "--day");
        var party = args.Required("by");
        var readings = args.Optional("readings");
        var photoPath = args.Optional("photo");
        args.RejectUnknown();
        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        return await CliServices.RefusalsToExitCode(context, async () =>
        {
            UploadedFile? photo = null;
            if (photoPath is not null)
            {
                if (!File.Exists(photoPath))
                {
                    throw new CliUsageException($"--photo：找不到文件“{photoPath}”。", $"--photo: no file '{photoPath}'.");
                }

                await using var stream = File.OpenRead(photoPath);
                photo = await UploadedFile.ReadAsync("photo", Path.GetFileName(photoPath), stream, UploadedFile.Photos, cancellationToken);
            }

            var row = await scope.ServiceProvider.GetRequiredService<ProgrammeService>()
                .ConfirmKilnStopAsync(login, new KilnConfirmation(line, day, party, readings, photo), cancellationToken);
            await context.Out.WriteLineAsync($"已确认：生产线{row.CapacityItemId} {row.Day:yyyy-MM-dd} 停产（{(row.ConfirmedByParty == "enterprise" ? "企业" : "供电企业")}确认）");
        });
    }

    private static async Task<int> CoalAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var login = args.Required("as");
        var enterprise = Id(args.Required("enterprise"), "--enterprise");
        var year = Id(args.Required("year"), "--year");
        var month = Id(args.Required("month"), "--month");
        var file = args.Required("days");
        args.RejectUnknown();
        if (!File.Exists(file))
        {
            throw new CliUsageException($"--days：找不到文件“{file}”。", $"--days: no file '{file}'.");
        }

        var text = await File.ReadAllTextAsync(file, cancellationToken);
        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        return await CliServices.RefusalsToExitCode(context, async () =>
        {
            var result = await scope.ServiceProvider.GetRequiredService<ProgrammeService>()
                .RecordCoalReportAsync(login, new CoalReportInput(enterprise, year, month, text), cancellationToken);
            foreach (var b in result.Breaches)
            {
                await context.Out.WriteLineAsync($"{b.Date:yyyy-MM-dd}\t{(b.Kind == Domain.Programmes.CoalBreachKind.StatutoryHoliday ? "holiday" : "over-allowance")}\t{b.ReasonZh(result.Programme)}");
            }

            await context.Error.WriteLineAsync($"# 已登记 {year}-{month:00}：{result.Report.DayCount} 个生产日，{result.Breaches.Count} 处违规"
                + (result.Task is { } t ? $"，已交办任务 {t.Id}（期限 {t.DueOn:yyyy-MM-dd}）" : ""));
        });
    }

    private static async Task<int> TasksAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var login = args.Required("as");
        var all = args.Flag("all");
        args.RejectUnknown();
        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        return await CliServices.RefusalsToExitCode(context, async () =>
        {
            var tasks = await scope.ServiceProvider.GetRequiredService<ProgrammeService>().TasksForAsync(login, openOnly: !all, cancellationToken);
            await context.Out.WriteLineAsync("id\tkind\tdue\tstate\ttitle");
            foreach (var t in tasks)
            {
                var state = t.Status == ProgrammeTaskStatus.Open ? "待办" : $"已办结：{ProgrammeService.OutcomeZh(t.Outcome ?? "")}";
                await context.Out.WriteLineAsync($"{t.Id}\t{t.Kind}\t{t.DueOn:yyyy-MM-dd}\t{state}\t{t.Title}");
            }
        });
    }

    private static async Task<int> CompleteAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var login = args.Required("as");
        var task = Id(args.Required("task"), "--task");
        var outcome = new TaskOutcome(task, args.Required("outcome"), args.Optional("note"), args.Optional("standard"), CliServices.Data(args),
            args.Optional("reported-on"), args.Optional("reference"));
        args.RejectUnknown();
        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        return await CliServices.RefusalsToExitCode(context, async () =>
        {
            var done = await scope.ServiceProvider.GetRequiredService<ProgrammeService>().CompleteTaskAsync(login, outcome, cancellationToken);
            await context.Out.WriteLineAsync($"已办结任务 {done.Id}：{ProgrammeService.OutcomeZh(done.Outcome!)}"
                + (done.FollowUpCaseId is { } c ? $"；已对企业立案，新案件 {c}（关联原案件 {done.CaseId}）" : ""));
        });
    }

    private static int Id(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new CliUsageException($"{what}“{text}”不是正整数。", $"{what} '{text}' is not a positive number.");
}
