using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary><c>db migrate [--demo]</c>: applies pending schema migrations (each once, in a transaction), optionally loads demo data.</summary>
public sealed class DbCommand : ICliCommand
{
    public string Name => "db";

    public string Usage => "db migrate [--demo]    apply pending migrations to the configured database (ConnectionStrings:Default)";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals is not ["migrate"])
        {
            throw new CliUsageException("应为子命令 migrate。", "expected the sub-command 'migrate'.");
        }

        var demo = args.Flag("demo");
        args.RejectUnknown();
        await using var db = CliServices.Database(context);
        var applied = await Database.MigrateAsync(db, cancellationToken);
        await context.Out.WriteLineAsync(applied.Count == 0
            ? "数据库结构已是最新（no pending migrations）"
            : $"已应用 {applied.Count} 个迁移：{string.Join(", ", applied)}");
        if (demo)
        {
            // The demo cases start their workflows, as the host's start-up does.
            using var host = CliServices.Build(context);
            var starter = host.Services.GetRequiredService<WorkflowStarter>();
            var loaded = await DemoData.LoadAsync(db, context.Time, cancellationToken, starter);
            await context.Out.WriteLineAsync(loaded ? "已载入演示数据（demo data loaded）" : "已有数据，未载入演示数据（data present, demo not loaded）");
        }

        return 0;
    }
}
