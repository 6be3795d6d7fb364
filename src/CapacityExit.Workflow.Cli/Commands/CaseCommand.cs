using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>case show --case N</c>: the case as a reader sees it (CaseDetailsService): facts, state, deadline, variables,
/// standing, timers, tasks and history, by their titles.
/// <c>case command --as LOGIN --case N --name COMMAND [--data k=v]...</c>: a person's action on the case
/// (request-extension requestedLastDay=... reason=... documentRef=..., approve-extension newLastDay=..., reject-extension reason=...,
/// withdraw reason=...).
/// </summary>
public sealed class CaseCommand : ICliCommand
{
    public string Name => "case";

    public string Usage => "case show --case N | command --as LOGIN --case N --name COMMAND [--data key=value]...";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("应为子命令 show 或 command。", "expected 'show' or 'command'.");
        var caseId = CliServices.CaseId(args);
        if (sub == "command")
        {
            var login = args.Required("as");
            var name = args.Required("name");
            var data = CliServices.Data(args);
            args.RejectUnknown();
            using var host = CliServices.Build(context);
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<CaseWorkflowService>();
            return await CliServices.RefusalsToExitCode(context, async () =>
            {
                var state = await service.IssueAsync(caseId, login, name, data, cancellationToken);
                await context.Out.WriteLineAsync($"案件{caseId}：{name} 已办理，当前状态 {state.State}");
            });
        }

        if (sub != "show")
        {
            throw new CliUsageException($"未知子命令“{sub}”：应为 show 或 command。", $"unknown sub-command '{sub}': expected 'show' or 'command'.");
        }

        args.RejectUnknown();
        using var showHost = CliServices.Build(context);
        await using var showScope = showHost.Services.CreateAsyncScope();
        var details = await showScope.ServiceProvider.GetRequiredService<CaseDetailsService>().GetAsync(caseId, cancellationToken);
        if (details is null)
        {
            await context.Error.WriteLineAsync($"caseId: 案件{caseId}不存在 (case {caseId} does not exist)");
            return CliApp.UsageExitCode;
        }

        await CaseShow.WriteAsync(details, context.Out);
        return 0;
    }
}
