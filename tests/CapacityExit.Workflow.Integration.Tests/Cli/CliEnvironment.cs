namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>CLI tests hand the connection string through the process environment: they run one at a time.</summary>
[CollectionDefinition("cli-environment", DisableParallelization = true)]
public sealed class CliEnvironmentCollection;
