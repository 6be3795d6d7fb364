using System.Globalization;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>graph --standard energy [--format mermaid|dot] [--version N]</c>: a definition as a picture, drawn from
/// the installation's workflow files (docs/workflow-definitions.md embeds this output).
/// </summary>
public sealed class GraphCommand : ICliCommand
{
    public string Name => "graph";

    public string Usage => "graph --standard energy|environment|quality|safety|technology [--format mermaid|dot] [--version N]    a workflow definition as a picture";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new CliUsageException($"多余的参数“{args.Positionals[0]}”。", $"unexpected argument '{args.Positionals[0]}'.");
        }

        var standard = args.Required("standard");
        var format = args.Optional("format") ?? "mermaid";
        if (format is not ("mermaid" or "dot"))
        {
            throw new CliUsageException($"不支持 --format “{format}”：请用 mermaid 或 dot。", $"--format '{format}' is not supported; use mermaid or dot.");
        }

        var versionText = args.Optional("version");
        int? version = null;
        if (versionText is not null)
        {
            version = int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new CliUsageException($"--version “{versionText}”不是版本号。", $"--version '{versionText}' is not a version number.");
        }

        args.RejectUnknown();
        var catalog = await WorkflowFiles.LoadAsync(context);
        if (catalog is null)
        {
            return WorkflowFiles.BrokenExitCode;
        }

        var definition = WorkflowFiles.Definition(catalog, standard, version);
        await context.Out.WriteAsync(format == "dot" ? GraphRenderer.Dot(definition) : GraphRenderer.Mermaid(definition));
        return 0;
    }
}

/// <summary>Loads the installation's workflow files for the workflow commands; broken files are reported, not thrown.</summary>
internal static class WorkflowFiles
{
    public const int BrokenExitCode = 1;

    public static async Task<WorkflowCatalog?> LoadAsync(CliContext context)
    {
        try
        {
            return WorkflowFileReader.LoadCatalog(ProjectPaths.Workflows(context.Root()));
        }
        catch (WorkflowDefinitionException e)
        {
            await context.Error.WriteLineAsync($"流程定义文件有误，请先修正（the workflow files are invalid）:\n{string.Join('\n', e.Errors)}");
            return null;
        }
    }

    public static WorkflowDefinition Definition(WorkflowCatalog catalog, string standard, int? version)
    {
        if (!catalog.DefinitionIds.Contains(standard))
        {
            throw new CliUsageException($"未知标准 --standard “{standard}”；流程文件定义了：{string.Join("、", catalog.DefinitionIds)}。",
                $"--standard '{standard}' is unknown; the workflow files define: {string.Join(", ", catalog.DefinitionIds)}.");
        }

        return version is { } v
            ? catalog.TryGet(standard, v, out var d) ? d : throw new CliUsageException($"{standard} 没有第{v}版。", $"{standard} has no version {v}.")
            : catalog.Latest(standard);
    }
}
