namespace CapacityExit.Workflow.Domain.Measures;

/// <summary>A region's annual exit target and what its cases have exited so far (measured, never typed in).</summary>
public sealed record TargetStanding(string Description, int Year, decimal Amount, string Unit, DateOnly DueOn, decimal ExitedToDate)
{
    public bool Met => ExitedToDate >= Amount;
}

/// <summary>
/// 项目限批 (004 §六.(二)): a region that has not completed its annual exit target has its new projects barred until it
/// does. The bar names the target, so the county knows what lifts it.
/// </summary>
public static class ProjectBan
{
    /// <summary>The earliest target whose last day has passed unmet, or null when the region may have new projects approved.</summary>
    public static TargetStanding? BarringTarget(IEnumerable<TargetStanding> targets, DateOnly today) =>
        targets.Where(t => t.DueOn < today && !t.Met).OrderBy(t => t.DueOn).ThenBy(t => t.Description, StringComparer.Ordinal).FirstOrDefault();
}
