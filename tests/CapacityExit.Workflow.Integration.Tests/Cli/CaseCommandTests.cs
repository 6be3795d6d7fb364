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
        Assert.Contains("阶段：关停：断电、断水，拆除动力装置，封存主体设备  [closing]", show.Output);
        Assert.Contains("牌证：红牌", show.Output);
        Assert.Contains("[extended/extension-deadline]", show.Output);
    }

    [Fact]
    public async Task Case_show_prints_titles_the_deadline_explained_and_variables_by_their_titles_not_keys_and_json()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(caseId, "chenzhou-industryit", "request-extension",
            TestWorkflows.ExtensionRequest(), CancellationToken.None));

        var show = await Run("case", "show", "--case", caseId.ToString());

        Assert.Equal(0, show.Code);
        Assert.Contains("郴州示例建材水泥有限公司", show.Output);
        Assert.Contains("阶段：延期申请待审批  [extension-review]", show.Output);
        // The review is a step within the rectification: the original deadline still runs, explained as the calculus does.
        Assert.Contains("期限：整改期限届满日 2026-07-15（当日24时届满）", show.Output);
        Assert.Contains("2026年7月15日", show.Output);
        Assert.Contains("认定日期：2026-01-15", show.Output);
        Assert.Contains("整改期限届满日：2026-07-15", show.Output);
        Assert.Contains("申请延长整改期限：申请理由：节能改造设备到货延迟", show.Output);
        Assert.Contains("申请延长整改期限：企业申请文书文号：示例建材〔2026〕3号", show.Output);
        Assert.Contains("审批延期申请\t有批准权的人民政府\t待办", show.Output);
        Assert.DoesNotContain("{\"", show.Output);
        Assert.DoesNotContain("rectificationLastDay", show.Output);
    }

    [Theory]
    [InlineData(new[] { "task", "list" }, "缺少必填选项 --as", "--as is required")]
    [InlineData(new[] { "task", "finish", "--as", "x" }, "未知子命令“finish”", "unknown sub-command 'finish'")]
    [InlineData(new[] { "case", "show", "--case", "abc" }, "--case “abc”不是案件编号", "--case 'abc' is not a case number")]
    [InlineData(new[] { "workflow", "migrate", "--as", "admin", "--definition", "energy", "--to-version", "2", "--cases", "1", "--map", "a" },
        "应写作 旧阶段=新阶段", "is not OLDSTATE=NEWSTATE")]
    [InlineData(new[] { "outbox", "--limit", "0" }, "应为1至10000的整数", "is not a whole number from 1 to 10000")]
    [InlineData(new[] { "calendar", "show", "--year", "2031" }, "节假日日历未包含2031年的放假安排（已录入：2016–2026年）", "does not cover 2031 (it covers 2016–2026)")]
    [InlineData(new[] { "deadline", "--from", "2026-01-15", "--period", "P6M", "--bogus", "1" }, "未知选项：--bogus", "Unknown option(s): --bogus")]
    [InlineData(new[] { "nonsense" }, "未知命令“nonsense”", "unknown command 'nonsense'")]
    public async Task Bad_arguments_exit_2_with_the_reason_in_Chinese_and_English(string[] args, string zh, string en)
    {
        var result = await Run(args);

        Assert.Equal(2, result.Code);
        Assert.Contains(zh, result.Error);
        Assert.Contains(en, result.Error);
        Assert.DoesNotContain("无法计算期间", result.Error);
        Assert.True(result.Error.IndexOf(zh, StringComparison.Ordinal) < result.Error.IndexOf(en, StringComparison.Ordinal), result.Error);
    }

    [Fact]
    public void Without_a_connection_string_the_tool_finds_the_private_cluster_start_sh_runs()
    {
        using var root = new TempRoot();
        Assert.Null(ProjectCluster.Find(root.Path));
        var dir = ProjectCluster.Directory(root.Path);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ProjectCluster.PortFile), "55481\n");
        Assert.Null(ProjectCluster.Find(root.Path)); // recorded, but not running: no postmaster.pid
        File.WriteAllText(Path.Combine(dir, "postmaster.pid"), "12345\n");

        var found = ProjectCluster.Find(root.Path);

        Assert.NotNull(found);
        Assert.Equal("Host=127.0.0.1;Port=55481;Username=postgres;Database=capacity_exit", found.Value.ConnectionString);
        Assert.Contains("未配置数据库连接", found.Value.Note);
        Assert.Contains("No connection string is configured", found.Value.Note);
        File.WriteAllText(Path.Combine(dir, ProjectCluster.PortFile), "port");
        var bad = Assert.Throws<CliUsageException>(() => ProjectCluster.Find(root.Path));
        Assert.Contains("无效", bad.Text);
    }
}
