using System.Globalization;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>export LIST --out FILE ...</c>: a list as .xlsx with the same columns and filters as its page — cases (a person's
/// scope, with the list's filters), tasks, the public lists of a city and year (exit, red, yellow, over-emission, sealed
/// equipment, census results) and each county's completion of its annual target as /public/targets publishes it, the
/// public reports to verify and the 通报与约谈 a person reads.
/// </summary>
public sealed class ExportCommand : ICliCommand
{
    public string Name => "export";

    public string Usage => "export cases --as LOGIN --out FILE [--status open|compliant|exited|withdrawn|all] [--standard S] [--q TEXT] | " +
        "export tasks --as LOGIN --out FILE | export exit-list|red-list|yellow-list|over-emission|sealed-equipment|census|public-targets|report-status|targets --city CODE [--year Y] --out FILE | " +
        "export verifications --as LOGIN --out FILE [--all] | export notices --as LOGIN --out FILE | export outbox [--status pending|sent|failed] --out FILE";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var list = args.Positionals is [var l] ? l : throw new CliUsageException("应给出要导出的列表（cases、tasks、exit-list、red-list、yellow-list、over-emission、sealed-equipment、census、public-targets、report-status、targets、verifications、notices、outbox）。",
            "name the list to export (cases, tasks, exit-list, red-list, yellow-list, over-emission, sealed-equipment, census, public-targets, report-status, targets, verifications, notices, outbox).");
        var output = args.Required("out");
        byte[] file;
        switch (list)
        {
            case "cases":
            {
                var login = args.Required("as");
                var status = args.Optional("status") ?? "open";
                var standardText = args.Optional("standard");
                var search = args.Optional("q");
                args.RejectUnknown();
                CaseStatus? wanted = status == "all" ? null
                    : Enum.TryParse<CaseStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s
                    : throw new CliUsageException($"--status “{status}”应为 open、compliant、exited、withdrawn 或 all。", $"--status '{status}' should be open, compliant, exited, withdrawn or all.");
                Standard? standard = null;
                if (standardText is not null)
                {
                    standard = StandardNames.TryParse(standardText, out var st) ? st
                        : throw new CliUsageException($"--standard “{standardText}”不是标准。", $"--standard '{standardText}' is not a standard.");
                }

                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var cases = scope.ServiceProvider.GetRequiredService<CaseListService>();
                var rows = await ListExports.AllCasesAsync(cases, login, new CaseFilter { Status = wanted, Standard = standard, Search = search }, cancellationToken);
                file = Xlsx.Write(rows, ListExports.Cases(cases), "案件列表");
                break;
            }

            case "tasks":
            {
                var login = args.Required("as");
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var rows = await scope.ServiceProvider.GetRequiredService<Core.Obligations.ObligationLedger>().OpenForAsync(login, cancellationToken);
                file = Xlsx.Write(rows, ListExports.Tasks, "我的待办");
                break;
            }

            case "exit-list" or "red-list" or "yellow-list" or "over-emission" or "sealed-equipment" or "census":
            {
                var kind = list switch
                {
                    "exit-list" => PublicList.ExitList, "red-list" => PublicList.RedCards, "over-emission" => PublicList.OverEmission,
                    "sealed-equipment" => PublicList.SealedEquipment, "census" => PublicList.Census, _ => PublicList.YellowCards,
                };
                var cityCode = args.Required("city");
                var yearText = args.Optional("year");
                args.RejectUnknown();
                var year = Year(yearText, context);

                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var lists = scope.ServiceProvider.GetRequiredService<PublicListService>();
                var city = (await lists.CitiesAsync(cancellationToken)).FirstOrDefault(c => c.Code == cityCode)
                    ?? throw new CliUsageException($"--city “{cityCode}”不是市的行政区划代码。", $"--city '{cityCode}' is not a city's code.");
                file = Xlsx.Write(await lists.ListAsync(kind, city.Id, year, cancellationToken), ListExports.PublicList(kind), ListExports.PublicListTitle(kind));
                break;
            }

            case "public-targets":
            {
                // The file /public/targets offers: the same service, the same columns and sheet, measured on today in Beijing.
                var cityCode = args.Required("city");
                var yearText = args.Optional("year");
                args.RejectUnknown();
                var year = Year(yearText, context);
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var lists = scope.ServiceProvider.GetRequiredService<PublicListService>();
                var city = (await lists.CitiesAsync(cancellationToken)).FirstOrDefault(c => c.Code == cityCode)
                    ?? throw new CliUsageException($"--city “{cityCode}”不是市的行政区划代码。", $"--city '{cityCode}' is not a city's code.");
                var rows = await lists.TargetsAsync(city.Id, year, ChinaTime.Today(context.Time), cancellationToken);
                file = Xlsx.Write(rows, ListExports.PublicTargets, ListExports.PublicTargetsTitle);
                break;
            }

            case "verifications":
            {
                var login = args.Required("as");
                var all = args.Flag("all");
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var rows = await scope.ServiceProvider.GetRequiredService<PublicReportService>().TasksAsync(login, openOnly: !all, cancellationToken);
                file = Xlsx.Write(rows, ListExports.Verifications, "举报核实");
                break;
            }

            case "notices":
            {
                // The /notices page's list: the 通报 and 约谈 of the person's jurisdiction, newest first (it has no other filter).
                var login = args.Required("as");
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                // The register reads the issued notices only; the CLI's host leaves the notice services (templates, mail) out.
                var register = ActivatorUtilities.CreateInstance<Core.Notices.NoticeRegister>(scope.ServiceProvider);
                var rows = await ListExports.AllNoticesAsync(register, login, cancellationToken);
                file = Xlsx.Write(rows, ListExports.Notices, "通报与约谈");
                break;
            }

            case "report-status" or "targets":
            {
                var cityCode = args.Required("city");
                var yearText = args.Optional("year");
                args.RejectUnknown();
                var year = Year(yearText, context);
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<Core.Data.CapacityExitDbContext>();
                var city = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.Jurisdictions, j => j.Code == cityCode, cancellationToken)
                    ?? throw new CliUsageException($"--city “{cityCode}”：没有这个行政区划代码。", $"--city '{cityCode}': no jurisdiction has this code.");
                var reporting = scope.ServiceProvider.GetRequiredService<Core.Reporting.ReportingService>();
                file = list == "targets"
                    ? Xlsx.Write(await reporting.TargetStatusAsync(year, city.Id, cancellationToken), ListExports.Targets, "年度目标")
                    : Xlsx.Write(await reporting.StatusAsync(city, year, cancellationToken), ListExports.Reports, "报送");
                break;
            }

            case "outbox":
            {
                var statusText = args.Optional("status");
                args.RejectUnknown();
                OutboxStatus? status = statusText is null ? null
                    : Enum.TryParse<OutboxStatus>(statusText, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s
                    : throw new CliUsageException($"--status “{statusText}”应为 pending、sent 或 failed。", $"--status '{statusText}' should be pending, sent or failed.");
                await using var db = CliServices.Database(context);
                var page = await new Core.Mail.OutboxOffice(db, context.Time).ListAsync(status, 1_000_000, 0, cityId: null, cancellationToken);
                file = Xlsx.Write(page.Rows, ListExports.Outbox, "发件箱");
                break;
            }

            default:
                throw new CliUsageException($"未知列表“{list}”。", $"unknown list '{list}'.");
        }

        await File.WriteAllBytesAsync(output, file, cancellationToken);
        await context.Out.WriteLineAsync($"已导出：{output}");
        return 0;
    }

    private static int Year(string? text, CliContext context)
    {
        if (text is null)
        {
            return ChinaTime.Today(context.Time).Year;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100 ? year
            : throw new CliUsageException($"--year “{text}”应为四位年份。", $"--year '{text}' should be a four-digit year.");
    }
}
