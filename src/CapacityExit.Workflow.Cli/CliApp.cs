using System.Text;

namespace CapacityExit.Workflow.Cli;

/// <summary>Dispatches <c>capacity-exit COMMAND ...</c> to the command of that name. Usage errors exit 2.</summary>
public static class CliApp
{
    public const int UsageExitCode = 2;

    public static IReadOnlyList<ICliCommand> Commands { get; } = typeof(CliApp).Assembly.GetTypes()
        .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            WriteHelp(args.Length == 0 ? context.Error : context.Out);
            return args.Length == 0 ? UsageExitCode : 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            await context.Error.WriteLineAsync($"capacity-exit：未知命令“{args[0]}”。 unknown command '{args[0]}'.");
            WriteHelp(context.Error);
            return UsageExitCode;
        }

        try
        {
            return await command.RunAsync(new CliArgs(args.Skip(1)), context, cancellationToken);
        }
        catch (CliUsageException e)
        {
            await context.Error.WriteLineAsync($"capacity-exit {command.Name}: {e.Text}");
            await context.Error.WriteLineAsync($"用法 / usage: capacity-exit {command.Usage}");
            return UsageExitCode;
        }
    }

    private static void WriteHelp(TextWriter writer)
    {
        var text = new StringBuilder("用法 / usage: capacity-exit COMMAND [options]\n命令 / commands:\n");
        foreach (var command in Commands)
        {
            text.Append("  ").AppendLine(command.Usage);
        }

        writer.Write(text.ToString());
    }
}
