namespace CapacityExit.Workflow.Integration.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The checkout: the folder above the test binaries that holds CapacityExit.Workflow.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever these tests were built in; the other projects were built the same way.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string CliDll => Path.Combine(Root, "src", "CapacityExit.Workflow.Cli", "bin", Configuration, "net10.0", "capacity-exit.dll");

    public static string WebDll => Path.Combine(Root, "src", "CapacityExit.Workflow.Web", "bin", Configuration, "net10.0", "CapacityExit.Workflow.Web.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CapacityExit.Workflow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("CapacityExit.Workflow.sln not found above " + AppContext.BaseDirectory);
    }
}
