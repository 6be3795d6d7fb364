using System.Runtime.CompilerServices;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Domain.Tests.Deadlines;

/// <summary>
/// Finds the repository (the folder holding CapacityExit.Workflow.sln) and the files the deadline tests read.
/// A missing file fails the test with the paths tried: a skipped calendar check would hide a wrong deadline.
/// </summary>
public static class RepoFiles
{
    private static readonly Lazy<HolidayCalendar> Shipped = new(() => HolidayCalendar.Parse(File.ReadAllText(CalendarPath), CalendarPath));

    public static HolidayCalendar Calendar => Shipped.Value;

    private static readonly Lazy<EscalationPolicy> ShippedEscalation = new(() =>
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Existing(Path.Combine(Root, "workflows", "notices", "notices.yaml"))))
        {
            yaml.Load(reader);
        }

        return EscalationPolicy.FromSection((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("escalation")]);
    });

    /// <summary>The ladder's thresholds as shipped (workflows/notices/notices.yaml, their one place).</summary>
    public static EscalationPolicy Escalation => ShippedEscalation.Value;

    public static string Root => FindRoot();

    public static string CalendarPath => Existing(Path.Combine(Root, "workflows", "calendar", "cn-holidays.txt"));

    /// <summary>The reference data set that sits beside the repository: ../shared/data/cn_holidays.csv.</summary>
    public static string ReferenceCsvPath => Existing(Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "cn_holidays.csv")));

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        // Builds with --artifacts-path put the binaries outside the repository; the source path still leads to it.
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

        throw new InvalidOperationException(
            $"Cannot find CapacityExit.Workflow.sln above any of: {string.Join(", ", starts)}.");
    }

    private static string Existing(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"The deadline tests need {path}, and it does not exist.", path);
}
