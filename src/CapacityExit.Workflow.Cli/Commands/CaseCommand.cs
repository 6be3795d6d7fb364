using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>case show --case N</c>: state, open timers and tasks, and the history of a case.
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
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("expected 'show' or 'command'.");
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
            throw new CliUsageException($"unknown sub-command '{sub}': expected 'show' or 'command'.");
        }

        args.RejectUnknown();
        using var showHost = CliServices.Build(context);
        await using var showScope = showHost.Services.CreateAsyncScope();
        var db = showScope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.CaseId == caseId, cancellationToken);
        if (instance is null)
        {
            await context.Error.WriteLineAsync($"caseId: 案件{caseId}不存在或没有工作流 (case {caseId} not found or has no workflow)");
            return CliApp.UsageExitCode;
        }

        var output = context.Out;
        await output.WriteLineAsync($"案件 {caseId}  {instance.DefinitionId} v{instance.Version}  方案 {instance.ProfileId}  状态 {instance.State}{(instance.FinishedAt is null ? "" : "（已办结）")}");
        await output.WriteLineAsync($"变量 {instance.Variables}");
        // Cards, credit punishment and public lists follow from the state; nobody types them (001 §五.(四)).
        var runtime = showScope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        var variables = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(instance.Variables) ?? [];
        var standing = CaseStanding.Of(runtime.Catalog.Get(instance.DefinitionId, instance.Version), instance.State, variables);
        var card = standing.Card switch { Card.Yellow => "黄牌", Card.Red => "红牌", _ => "无" };
        await output.WriteLineAsync($"牌证 {card}（{standing.Card}）  信用惩戒 {(standing.CreditPunishment ? $"是，{standing.ExitDeadlineMissedOn}未按期退出" : "否")}  名单 {(standing.PublicLists.Count == 0 ? "-" : string.Join(",", standing.PublicLists))}");
        foreach (var t in await db.WorkflowTimers.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.DueAt).ToListAsync(cancellationToken))
        {
            await output.WriteLineAsync($"定时器\t{CliServices.Local(t.DueAt)}\t{t.Kind}\t{t.RecipientRole}\t{t.Status}\t{t.Key}");
        }

        foreach (var t in await db.WorkflowTasks.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.Id).ToListAsync(cancellationToken))
        {
            await output.WriteLineAsync($"任务\t{CliServices.Local(t.DueAt)}\t{t.Kind}\t{t.AssigneeRole}\t{t.Status}\t{t.Key}{(t.Outcome is null ? "" : "\t" + t.Outcome)}");
        }

        foreach (var h in await db.CaseHistory.AsNoTracking().Where(h => h.CaseId == caseId).OrderBy(h => h.Id).ToListAsync(cancellationToken))
        {
            await output.WriteLineAsync($"历史\t{CliServices.Local(h.At)}\t{h.Actor}\t{h.FromState}→{h.ToState}\t{h.What}{(h.Why is null ? "" : "：" + h.Why)}");
        }

        return 0;
    }
}
