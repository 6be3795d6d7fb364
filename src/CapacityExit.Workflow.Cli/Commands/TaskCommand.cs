using CapacityExit.Workflow.Core.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>task list --as LOGIN [--case N]</c> and <c>task complete --as LOGIN --case N --task KEY --outcome O [--data k=v]...</c>:
/// the human tasks of the case workflows, done through the same case service as the web pages and the API.
/// </summary>
public sealed class TaskCommand : ICliCommand
{
    public string Name => "task";

    public string Usage => "task list --as LOGIN [--case N] | complete --as LOGIN --case N --task KEY --outcome OUTCOME [--data key=value]...";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("应为子命令 list 或 complete。", "expected 'list' or 'complete'.");
        var login = args.Required("as");
        switch (sub)
        {
            case "list":
            {
                long? caseId = args.Optional("case") is null ? null : CliServices.CaseId(args);
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<CaseWorkflowService>();
                return await CliServices.RefusalsToExitCode(context, async () =>
                {
                    var tasks = await service.OpenTasksAsync(login, caseId, cancellationToken);
                    await context.Out.WriteLineAsync("case\ttask\tkind\tassignee\tlast day\tenterprise\tstandard\tstate");
                    foreach (var t in tasks)
                    {
                        await context.Out.WriteLineAsync($"{t.CaseId}\t{t.Key}\t{t.Kind}\t{t.AssigneeRole}\t{t.LastDay:yyyy-MM-dd}\t{t.EnterpriseName}\t{t.Standard}\t{t.State}");
                    }
                });
            }

            case "complete":
            {
                var caseId = CliServices.CaseId(args);
                var data = CliServices.Data(args);
                data["task"] = args.Required("task");
                data["outcome"] = args.Required("outcome");
                args.RejectUnknown();
                using var host = CliServices.Build(context);
                await using var scope = host.Services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<CaseWorkflowService>();
                return await CliServices.RefusalsToExitCode(context, async () =>
                {
                    var state = await service.IssueAsync(caseId, login, "complete-task", data, cancellationToken);
                    await context.Out.WriteLineAsync($"案件{caseId}：任务{data["task"]}已办结（{data["outcome"]}），当前状态 {state.State}");
                });
            }

            default:
                throw new CliUsageException($"未知子命令“{sub}”：应为 list 或 complete。", $"unknown sub-command '{sub}': expected 'list' or 'complete'.");
        }
    }
}
