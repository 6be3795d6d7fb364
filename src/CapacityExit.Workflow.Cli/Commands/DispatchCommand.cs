using CapacityExit.Workflow.Core.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary><c>dispatch</c>: fires every timer due now, batch after batch, as a host's dispatcher would, then exits.</summary>
public sealed class DispatchCommand : ICliCommand
{
    public string Name => "dispatch";

    public string Usage => "dispatch [--batch N]    fire every timer due now (exactly once, safe beside running hosts)";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var batchText = args.Optional("batch");
        args.RejectUnknown();
        var batch = 500;
        if (batchText is not null && (!int.TryParse(batchText, out batch) || batch is < 1 or > 10_000))
        {
            throw new CliUsageException($"--batch “{batchText}”应为1至10000的整数。", $"--batch '{batchText}' is not a whole number from 1 to 10000.");
        }

        using var host = CliServices.Build(context);
        var dispatcher = ActivatorUtilities.CreateInstance<TimerDispatcher>(host.Services, new DispatcherOptions(batch, $"cli:{Environment.ProcessId}"));
        var total = 0;
        int fired;
        do
        {
            fired = await dispatcher.DispatchBatchAsync(cancellationToken);
            total += fired;
        }
        while (fired > 0);

        await context.Out.WriteLineAsync($"已触发 {total} 个到期定时器（fired {total} due timers）");
        return 0;
    }
}
