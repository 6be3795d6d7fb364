using System.Runtime.CompilerServices;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Tests.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// The real workflow files and holiday calendar of the repository (the folder holding CapacityExit.Workflow.sln),
/// found from the test binaries or, when they are built elsewhere (--artifacts-path), from this source file.
/// </summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    private static readonly Lazy<WorkflowCatalog> LoadedCatalog = new(() => WorkflowCatalog.Parse(DefinitionFiles(), ProfileFiles()));
    private static readonly Lazy<HolidayCalendar> LoadedCalendar = new(() => RepoFiles.Calendar);

    public static WorkflowCatalog Catalog => LoadedCatalog.Value;

    public static HolidayCalendar Calendar => LoadedCalendar.Value;

    public static WorkflowEngine Engine => new(Calendar);

    public static string DefinitionFile(string name) => Path.Combine(Root, "workflows", "definitions", name);

    public static IEnumerable<(string File, string Text)> DefinitionFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "workflows", "definitions"), "*.yaml").Order().Select(f => (f, File.ReadAllText(f)));

    public static IEnumerable<(string File, string Text)> ProfileFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "workflows", "profiles"), "*.yaml").Order().Select(f => (f, File.ReadAllText(f)));

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        var starts = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" };
        foreach (var start in starts.Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CapacityExit.Workflow.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Cannot find CapacityExit.Workflow.sln above any of: {string.Join(", ", starts)}.");
    }
}
