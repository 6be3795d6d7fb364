using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>report status --city CODE [--year Y]</c>: every report the city's counties and bureaus owe its leading-group
/// office that year, received or not, how late, and what was done about it (reminders, 通报, 约谈).
/// <c>report submit --as LOGIN --report NAME --year Y [--filer KEY] [--note TEXT]</c>: records a report as received.
/// </summary>
public sealed class ReportCommand : ICliCommand
{
    public string Name => "report";

    public string Usage => "report status --city CODE [--year Y] | submit --as LOGIN --report NAME --year Y [--filer jurisdiction:ID|bureau:ID] [--note TEXT]";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("expected 'status' or 'submit'.");
        var today = ChinaTime.Today(context.Time);
        switch (sub)
        {
            case "status":
            {
                var cityCode = args.Required("city");
                var year = Year(args.Optional("year")) ?? today.Year;
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
                var city = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == cityCode, cancellationToken)
                    ?? throw new CliUsageException($"--city '{cityCode}': no jurisdiction has this code.");
                var rows = await scope.ServiceProvider.GetRequiredService<ReportingService>().StatusAsync(city, year, cancellationToken);
                if (rows.Count == 0)
                {
                    await context.Out.WriteLineAsync($"{city.NameZh}的工作方案没有报送日历（{city.ProfileId ?? "无方案"}）");
                    return 0;
                }

                await context.Out.WriteLineAsync("report\tlast day\tfiler\tstate\tsteps taken");
                foreach (var row in rows)
                {
                    var o = row.Obligation;
                    var state = row.State switch
                    {
                        ReportState.Received => $"已报送 {CliServices.Local(row.Submission!.SubmittedAt)}（{row.Submission.RecordedBy}）",
                        ReportState.NotYetDue => "未到期",
                        _ => $"逾期{row.WorkingDaysLate}个工作日未报送",
                    };
                    var taken = string.Join("，", row.Steps.Select(x => $"{x.TakenOn:yyyy-MM-dd} {StepZh(x.Step)}"));
                    await context.Out.WriteLineAsync($"{o.Report.Name} {o.Report.Title}\t{o.Deadline.LastDay:yyyy-MM-dd}\t{o.Filer.Key} {o.Filer.NameZh}\t{state}\t{taken}");
                }

                return 0;
            }

            case "submit":
            {
                var login = args.Required("as");
                var filing = new ReportFiling(args.Required("report"), Year(args.Required("year"))!.Value, args.Optional("filer"), args.Optional("note"));
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<ReportingService>();
                return await CliServices.RefusalsToExitCode(context, async () =>
                {
                    var row = await service.SubmitAsync(login, filing, cancellationToken);
                    await context.Out.WriteLineAsync($"已登记：{row.FilerKey} {row.Year}年 {row.Report}（{CliServices.Local(row.SubmittedAt)}），提醒和督办随之停止");
                });
            }

            default:
                throw new CliUsageException($"unknown sub-command '{sub}': expected 'status' or 'submit'.");
        }
    }

    internal static int? Year(string? text) => text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100 ? y
        : throw new CliUsageException($"--year '{text}' is not a year from 2000 to 2100.");

    internal static string StepZh(string step) => ReportingService.StepTitle(step).Zh;
}
