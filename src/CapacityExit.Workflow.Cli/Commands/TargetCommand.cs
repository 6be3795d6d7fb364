using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>target set --as LOGIN --county CODE --year Y --description TEXT --amount N --unit UNIT [--due YYYY-MM-DD]</c>: the city's
/// leading-group office sets a county's annual exit target. <c>target list [--city CODE] [--year Y]</c>: each target
/// with the capacity its region's cases have exited by its day and to date, and what was done about a miss.
/// </summary>
public sealed class TargetCommand : ICliCommand
{
    public string Name => "target";

    public string Usage => "target list [--city CODE] [--year Y] | set --as LOGIN --county CODE --year Y --description TEXT --amount N --unit UNIT [--due YYYY-MM-DD]";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("expected 'list' or 'set'.");
        var today = ChinaTime.Today(context.Time);
        switch (sub)
        {
            case "list":
            {
                var cityCode = args.Optional("city");
                var year = ReportCommand.Year(args.Optional("year")) ?? today.Year;
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
                int? cityId = null;
                if (cityCode is not null)
                {
                    cityId = (await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == cityCode, cancellationToken))?.Id
                        ?? throw new CliUsageException($"--city '{cityCode}': no jurisdiction has this code.");
                }

                var rows = await scope.ServiceProvider.GetRequiredService<ReportingService>().TargetStatusAsync(year, cityId, cancellationToken);
                await context.Out.WriteLineAsync("region\tyear\ttarget\tdue\texited by due\texited to date\tstate\tsteps taken");
                foreach (var row in rows)
                {
                    var p = row.Progress;
                    var state = row.State switch { TargetState.Met => "已完成", TargetState.InProgress => "进行中", TargetState.MetLate => "逾期后完成", _ => "未完成" };
                    var taken = string.Join("，", row.Steps.Select(x => $"{x.TakenOn:yyyy-MM-dd} {ReportCommand.StepZh(x.Step)}"));
                    await context.Out.WriteLineAsync($"{p.RegionZh}\t{p.Target.Year}\t{p.Target.Description} {N(p.Target.Amount)} {p.Target.Unit}\t{p.Target.DueOn:yyyy-MM-dd}\t" +
                        $"{N(p.ExitedByDue)}\t{N(p.ExitedToDate)}\t{state}\t{taken}");
                }

                return 0;
            }

            case "set":
            {
                var login = args.Required("as");
                var amountText = args.Required("amount");
                if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
                {
                    throw new CliUsageException($"--amount '{amountText}' is not a number.");
                }

                var dueText = args.Optional("due");
                DateOnly? due = null;
                if (dueText is not null)
                {
                    due = DateOnly.TryParseExact(dueText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                        : throw new CliUsageException($"--due '{dueText}' is not a date (YYYY-MM-DD).");
                }

                var input = new TargetInput(args.Required("county"), ReportCommand.Year(args.Required("year"))!.Value, args.Required("description"), amount, args.Required("unit"), due);
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<ReportingService>();
                return await CliServices.RefusalsToExitCode(context, async () =>
                {
                    var row = await service.SetTargetAsync(login, input, cancellationToken);
                    await context.Out.WriteLineAsync($"已下达：{input.CountyCode} {row.Year}年 {row.Description} {N(row.Amount)} {row.Unit}，{row.DueOn:yyyy-MM-dd}前完成");
                });
            }

            default:
                throw new CliUsageException($"unknown sub-command '{sub}': expected 'list' or 'set'.");
        }
    }

    private static string N(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
