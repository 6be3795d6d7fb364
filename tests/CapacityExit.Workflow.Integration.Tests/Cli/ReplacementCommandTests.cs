using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Integration.Tests.Measures;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary><c>scripts/capacity-exit replacement plan|show|ledger</c> over the same ReplacementService the pages call.</summary>
[Collection("cli-environment")]
public sealed class ReplacementCommandTests : IAsyncLifetime
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
    public async Task A_plan_is_recorded_shown_and_drawn_from_the_ledger_and_a_second_draw_of_the_same_capacity_is_refused()
    {
        var exited = await MeasureKit.ExitedAsync(_host, "431021", Industry.Steel, 40m, "万吨/年", "示例命令行钢铁公司");
        string[] plan = ["replacement", "plan", "--as", "chenzhou-office", "--county", "431021", "--industry", "钢铁", "--project", "示例技改项目",
            "--applicant", "示例新建公司", "--new", "32", "--unit", "万吨/年", "--draw", $"{exited.ItemId}=40"];

        var accepted = await Run(plan);
        var again = await Run(plan);
        var show = await Run("replacement", "show", "--as", "chenzhou-office");
        var xlsx = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.xlsx");
        var ledger = await Run("replacement", "ledger", "--as", "chenzhou-office", "--xlsx", xlsx);
        var badDraw = await Run("replacement", "plan", "--as", "chenzhou-office", "--county", "431021", "--industry", "钢铁", "--project", "x",
            "--applicant", "y", "--new", "1", "--unit", "万吨/年", "--draw", "forty");

        Assert.Equal(0, accepted.Code);
        Assert.Contains("已受理第1号产能置换方案：示例技改项目，新建32万吨/年，置换比例1.25，应置换40，已置换40", accepted.Output);
        Assert.Equal(2, again.Code);
        Assert.Contains("尚余0万吨/年，不足40（已用于置换的产能不得重复使用）", again.Error);
        Assert.Contains($"{exited.ItemId} 示例命令行钢铁公司 测试生产线 40", show.Output);
        Assert.Equal(0, ledger.Code);
        using (var stream = File.OpenRead(xlsx))
        {
            var row = Assert.Single(stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>());
            Assert.Equal(("示例命令行钢铁公司", "0", "第1号"), ((string)row["企业"], row["尚可置换"].ToString(), (string)row["置换方案"]));
        }

        File.Delete(xlsx);
        Assert.Equal(2, badDraw.Code);
        Assert.Contains("--draw “forty”应为 台账编号=产能", badDraw.Error);
    }
}
