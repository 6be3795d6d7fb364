namespace CapacityExit.Workflow.Cli;

/// <summary>What a command gets from the host: where to write, the clock, and the installation root.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider Time, Func<string> Root);

/// <summary>One verb of <c>scripts/capacity-exit</c>. Return 0 on success; throw <see cref="CliUsageException"/> for bad arguments.</summary>
public interface ICliCommand
{
    string Name { get; }

    string Usage { get; }

    Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken);
}
