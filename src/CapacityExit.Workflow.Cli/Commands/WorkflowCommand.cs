using CapacityExit.Workflow.Core.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>workflow migrate --as LOGIN --definition energy --to-version 2 --cases 12,15 [--map old=new]...</c>: moves chosen
/// running cases to a new version of their definition (new cases start on the newest version by themselves).
/// </summary>
public sealed class WorkflowCommand : ICliCommand
{
    public string Name => "workflow";

    public string Usage => "workflow migrate --as LOGIN --definition ID --to-version N --cases ID[,ID...] [--map OLDSTATE=NEWSTATE]...";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals is not ["migrate"])
        {
            throw new CliUsageException("应为子命令 migrate。", "expected the sub-command 'migrate'.");
        }

        var login = args.Required("as");
        var definition = args.Required("definition");
        var versionText = args.Required("to-version");
        if (!int.TryParse(versionText, out var version) || version < 1)
        {
            throw new CliUsageException($"--to-version “{versionText}”不是版本号。", $"--to-version '{versionText}' is not a version number.");
        }

        var cases = args.Required("cases").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => long.TryParse(c, out var id) && id > 0 ? id : throw new CliUsageException($"--cases：“{c}”不是案件编号。", $"--cases: '{c}' is not a case number."))
            .Distinct().ToList();
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in args.All("map"))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || !mapping.TryAdd(parts[0], parts[1]))
            {
                throw new CliUsageException($"--map “{pair}”应写作 旧阶段=新阶段（每个旧阶段一次）。", $"--map '{pair}' is not OLDSTATE=NEWSTATE (once per old state).");
            }
        }

        args.RejectUnknown();
        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CaseWorkflowService>();
        return await CliServices.RefusalsToExitCode(context, async () =>
        {
            var moved = await service.MigrateAsync(login, definition, version, cases, mapping, cancellationToken);
            await context.Out.WriteLineAsync($"已将 {moved} 个案件迁移到 {definition} 第{version}版（moved {moved} case(s) to {definition} v{version}）");
        });
    }
}
