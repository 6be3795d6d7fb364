using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>Human tasks and case commands through scripts/capacity-exit, over the same case service as the web will use.</summary>
[Collection("cli-environment")]
public sealed class CaseCommandTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _host.Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        await _host.DisposeAsync();
    }

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error, _host.Time, () => RepoPaths.Root));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_supervisor_lists_and_decides_an_extension_and_closure_from_the_command_line()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var id = caseId.ToString();
        await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(caseId, "chenzhou-industryit", "request-extension", TestWorkflows.ExtensionRequest(), CancellationToken.None));

        var list = await Run("task", "list", "--as", "chenzhou-supervisor");
        var refused = await Run("case", "command", "--as", "chenzhou-industryit", "--case", id, "--name", "approve-extension", "--data", "newLastDay=2026-10-15");
        var approved = await Run("case", "command", "--as", "chenzhou-supervisor", "--case", id, "--name", "approve-extension", "--data", "newLastDay=2026-10-15");
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 10, 16, 10, 0, 0, TimeSpan.FromHours(8)));
        var dispatched = await Run("dispatch");
        var reinspected = await Run("task", "complete", "--as", "chenzhou-industryit", "--case", id, "--task", "reinspection/reinspection", "--outcome", "failed");
        var closure = await Run("task", "complete", "--as", "chenzhou-supervisor", "--case", id, "--task", "overdue/closure-approval", "--outcome", "approved");
        var show = await Run("case", "show", "--case", id);

        Assert.Equal(0, list.Code);
        Assert.Contains($"{caseId}\textension-review/extension-review\t", list.Output);
        Assert.Equal(2, refused.Code);
        Assert.Contains("[role-not-allowed]", refused.Error);
        Assert.Equal(0, approved.Code);
        Assert.Contains("当前状态 extended", approved.Output);
        Assert.Contains("已触发", dispatched.Output);
        Assert.Equal(0, reinspected.Code);
        Assert.Contains("当前状态 overdue", reinspected.Output);
        Assert.Equal(0, closure.Code);
        Assert.Contains("当前状态 closing", closure.Output);
        Assert.Contains("状态 closing", show.Output);
        Assert.Contains("牌证 红牌", show.Output);
        Assert.Contains("extended/extension-deadline", show.Output);
    }

    [Theory]
    [InlineData(new[] { "task", "list" }, "--as is required")]
    [InlineData(new[] { "task", "finish", "--as", "x" }, "unknown sub-command 'finish'")]
    [InlineData(new[] { "case", "show", "--case", "abc" }, "--case 'abc' is not a case number")]
    [InlineData(new[] { "workflow", "migrate", "--as", "admin", "--definition", "energy", "--to-version", "2", "--cases", "1", "--map", "a" }, "is not OLDSTATE=NEWSTATE")]
    public async Task Bad_arguments_exit_2_with_the_reason(string[] args, string expected)
    {
        var result = await Run(args);

        Assert.Equal(2, result.Code);
        Assert.Contains(expected, result.Error);
    }
}
