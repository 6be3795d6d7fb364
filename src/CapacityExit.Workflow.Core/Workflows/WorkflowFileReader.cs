using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>
/// Reads the workflow catalog (workflows/definitions/*.yaml, workflows/profiles/*.yaml) and the holiday calendar
/// from their files. The Domain only parses the text it is given, so it does no I/O (DomainPurityTests).
/// </summary>
public static class WorkflowFileReader
{
    /// <exception cref="WorkflowDefinitionException">A folder is missing, or a file is invalid (file:line:column and reason).</exception>
    public static WorkflowCatalog LoadCatalog(string workflowsDirectory)
    {
        var definitions = Path.Combine(workflowsDirectory, WorkflowCatalog.DefinitionsFolder);
        var profiles = Path.Combine(workflowsDirectory, WorkflowCatalog.ProfilesFolder);
        if (!Directory.Exists(definitions) || !Directory.Exists(profiles))
        {
            throw new WorkflowDefinitionException([new DefinitionError(workflowsDirectory, 0, 0,
                $"the workflows folder needs '{WorkflowCatalog.DefinitionsFolder}/' and '{WorkflowCatalog.ProfilesFolder}/'")]);
        }

        return WorkflowCatalog.Parse(ReadYaml(definitions), ReadYaml(profiles));
    }

    /// <summary>Reads the calendar file (UTF-8), e.g. workflows/calendar/cn-holidays.txt.</summary>
    /// <exception cref="CalendarFormatException">The file does not parse (line and reason).</exception>
    public static HolidayCalendar LoadCalendar(string path) => HolidayCalendar.Parse(File.ReadAllText(path), path);

    private static List<(string File, string Text)> ReadYaml(string folder) =>
        Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f))).ToList();
}
