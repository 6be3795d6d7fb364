using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Integration.Tests.Infrastructure;

/// <summary>The shipped workflow files and calendar, loaded once for the tests.</summary>
public static class TestWorkflows
{
    private static readonly Lazy<WorkflowRuntime> Shipped = new(() => new WorkflowRuntime(
        WorkflowFileReader.LoadCatalog(ProjectPaths.Workflows(RepoPaths.Root)),
        WorkflowFileReader.LoadCalendar(ProjectPaths.HolidayCalendar(RepoPaths.Root))));

    public static WorkflowRuntime Runtime => Shipped.Value;

    public static WorkflowStarter Starter(TimeProvider time) => new(Runtime, time);

    /// <summary>A complete extension application (经申请可延长): the new last day, the reason, the enterprise's document.</summary>
    public static Dictionary<string, string> ExtensionRequest(string requestedLastDay = "2026-10-15") => new()
    {
        ["requestedLastDay"] = requestedLastDay,
        ["reason"] = "节能改造设备到货延迟",
        ["documentRef"] = "示例建材〔2026〕3号",
    };
}
