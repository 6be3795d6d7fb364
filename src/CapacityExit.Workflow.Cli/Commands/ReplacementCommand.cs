using System.Globalization;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// The capacity-replacement ledger (产能置换, 000 §三.1; 004 §五.(四)): <c>replacement plan --as LOGIN --county CODE --industry 钢铁
/// --project NAME --applicant NAME --new N --unit UNIT --draw ITEM=AMOUNT [--draw ...] [--document REF]</c> records a plan,
/// accepted whole or refused with every reason; <c>replacement show --as LOGIN [--plan N]</c> lists plans and their draws;
/// <c>replacement ledger --as LOGIN [--xlsx FILE]</c> lists every exited item once with what is still free.
/// </summary>
public sealed class ReplacementCommand : ICliCommand
{
    public string Name => "replacement";

    public string Usage => "replacement plan --as LOGIN --county CODE --industry 钢铁 --project NAME --applicant NAME --new N --unit UNIT --draw ITEM=AMOUNT... [--document REF] | show --as LOGIN [--plan N] | ledger --as LOGIN [--xlsx FILE]";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("应为子命令 plan、show 或 ledger。", "expected 'plan', 'show' or 'ledger'.");
        var login = args.Required("as");
        switch (sub)
        {
            case "plan":
            {
                var input = new PlanInput(args.Required("project"), args.Required("applicant"), args.Required("county"), args.Required("industry"),
                    Number("new", args.Required("new")), args.Required("unit"), args.All("draw").Select(Draw).ToList(), args.Optional("document"));
                if (input.Draws.Count == 0)
                {
                    throw new CliUsageException("至少给出一个 --draw 台账编号=产能。", "give at least one --draw ITEM=AMOUNT.");
                }

                args.RejectUnknown();
                return await WithService(context, (service, token) => Plan(service, login, input, context, token), cancellationToken);
            }

            case "show":
            {
                var planText = args.Optional("plan");
                long? planId = planText is null ? null : long.TryParse(planText, out var id) ? id
                    : throw new CliUsageException($"--plan “{planText}”不是方案编号。", $"--plan '{planText}' is not a plan number.");
                args.RejectUnknown();
                return await WithService(context, async (service, token) =>
                {
                    var plans = await service.PlansAsync(login, planId, token);
                    if (planId is not null && plans.Count == 0)
                    {
                        throw new CliUsageException($"没有第{planId}号置换方案，或不在您的辖区内。", $"no replacement plan {planId} within your jurisdiction.");
                    }

                    await context.Out.WriteLineAsync("plan\tcounty\tproject\tapplicant\tindustry\tnew\tratio\trequired\tdrawn\trecorded\tdraws");
                    foreach (var p in plans)
                    {
                        var draws = string.Join("；", p.Draws.Select(d => $"{d.Draw.CapacityItemId} {d.Label} {N(d.Draw.Amount)}"));
                        await context.Out.WriteLineAsync($"{p.Plan.Id}\t{p.County}\t{p.Plan.ProjectName}\t{p.Plan.Applicant}\t{p.Plan.Industry.Zh()}\t{N(p.Plan.NewCapacity)} {p.Plan.Unit}\t" +
                            $"{N(p.Plan.Ratio)}\t{N(p.Plan.Required)}\t{N(p.Plan.Drawn)}\t{p.Plan.RecordedAt:yyyy-MM-dd} {p.Plan.RecordedBy}\t{draws}");
                    }
                }, cancellationToken);
            }

            case "ledger":
            {
                var xlsx = args.Optional("xlsx");
                args.RejectUnknown();
                return await WithService(context, async (service, token) =>
                {
                    if (xlsx is not null)
                    {
                        await File.WriteAllBytesAsync(xlsx, await service.LedgerWorkbookAsync(login, token), token);
                        await context.Out.WriteLineAsync($"已导出产能置换台账：{xlsx}");
                        return;
                    }

                    await context.Out.WriteLineAsync("item\tenterprise\tcounty\tindustry\tline\tunit\texited\tdrawn\tfree\texit accepted\tplans");
                    foreach (var r in await service.LedgerAsync(login, token))
                    {
                        await context.Out.WriteLineAsync($"{r.CapacityItemId}\t{r.Enterprise}\t{r.County}\t{r.Industry.Zh()}\t{r.Description}\t{r.Unit}\t{N(r.Amount)}\t{N(r.Drawn)}\t{N(r.Free)}\t" +
                            $"{r.ExitAcceptedOn:yyyy-MM-dd}\t{string.Join(",", r.PlanIds)}");
                    }
                }, cancellationToken);
            }

            default:
                throw new CliUsageException($"未知子命令“{sub}”：应为 plan、show 或 ledger。", $"unknown sub-command '{sub}': expected 'plan', 'show' or 'ledger'.");
        }
    }

    private static async Task Plan(ReplacementService service, string login, PlanInput input, CliContext context, CancellationToken cancellationToken)
    {
        var plan = await service.PlanAsync(login, input, cancellationToken);
        await context.Out.WriteLineAsync($"已受理第{plan.Id}号产能置换方案：{plan.ProjectName}，新建{N(plan.NewCapacity)}{plan.Unit}，置换比例{N(plan.Ratio)}，应置换{N(plan.Required)}，已置换{N(plan.Drawn)}");
    }

    private static async Task<int> WithService(CliContext context, Func<ReplacementService, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ReplacementService>();
        return await CliServices.RefusalsToExitCode(context, () => action(service, cancellationToken));
    }

    private static LedgerDraw Draw(string text)
    {
        var parts = text.Split('=', 2);
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var item)
            ? new LedgerDraw(item, Number("draw", parts[1]))
            : throw new CliUsageException($"--draw “{text}”应为 台账编号=产能（如 12=40）。", $"--draw '{text}' must be ITEM=AMOUNT (e.g. 12=40).");
    }

    private static decimal Number(string option, string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value
            : throw new CliUsageException($"--{option} “{text}”不是数字。", $"--{option} '{text}' is not a number.");

    private static string N(decimal value) => CapacityReplacement.Number(value);
}
