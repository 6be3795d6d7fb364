namespace CapacityExit.Workflow.Core.Hosting;

/// <summary>
/// Finds the installation root: the folder that holds <c>workflows/</c> and <c>appsettings.json</c>.
/// CAPACITYEXIT_ROOT wins; otherwise the current directory and its parents are searched.
/// </summary>
public static class ProjectPaths
{
    public const string RootVariable = "CAPACITYEXIT_ROOT";

    public static string FindRoot(string? startDirectory = null)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(RootVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var candidates = new[] { startDirectory ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var candidate in candidates)
        {
            for (var dir = new DirectoryInfo(candidate); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "workflows")) &&
                    File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Cannot find the installation root (a folder with workflows/ and appsettings.json) above '{candidates[0]}'; set {RootVariable}.");
    }

    /// <summary>The setting naming where the host keeps its runtime state on disk (mail pickup files, backups).</summary>
    public const string DataDirectoryKey = "CapacityExit:DataDirectory";

    /// <summary>
    /// Where runtime state goes: <c>CapacityExit:DataDirectory</c> (absolute, or relative to the root), else
    /// <c>&lt;root&gt;/.data</c> as in a checkout. An installation sets it (e.g. /var/lib/capacity-exit) so that nothing is
    /// written beside the release's files (docs/deploy.md).
    /// </summary>
    public static string DataDirectory(Microsoft.Extensions.Configuration.IConfiguration configuration, string root) =>
        configuration[DataDirectoryKey] is { Length: > 0 } configured && !string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(configured.Trim(), root)
            : Path.Combine(root, ".data");

    public static string Workflows(string root) => Path.Combine(root, "workflows");

    /// <summary>The holiday calendar an administrator extends each year.</summary>
    public static string HolidayCalendar(string root) => Path.Combine(root, "workflows", "calendar", "cn-holidays.txt");
}
