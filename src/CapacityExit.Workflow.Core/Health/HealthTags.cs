namespace CapacityExit.Workflow.Core.Health;

/// <summary>
/// Which checks answer which probe: <c>/health/ready</c> runs the checks tagged <see cref="Ready"/> (the database, the
/// timer dispatcher, the mail outbox); <c>/health/live</c> runs none (the process answers, nothing more); <c>/health</c> runs all.
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
