using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>capacity-exit programme on the demo registry: the programme's own forecast per line, a month of coal days recorded and checked.</summary>
[Collection("cli-environment")]
public sealed class ProgrammeDatabaseCommandTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new(start: new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly string _dir = Directory.CreateTempSubdirectory("capacity-exit-programme-").FullName;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _host.Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        Directory.Delete(_dir, recursive: true);
        await _host.DisposeAsync();
    }

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, new CliContext(output, error, _host.Time, () => RepoPaths.Root));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task The_kiln_forecast_lists_each_clinker_line_on_each_day_and_a_coal_month_prints_its_breaches()
    {
        var line = await _host.ScalarAsync<int>("select id from capacity_exit.capacity_items where description like '%熟料%'");
        var forecast = await Run("programme", "kiln-forecast", "--city", "431000", "--from", "2026-01-01", "--until", "2026-03-31");
        Assert.Equal(0, forecast.Code);
        Assert.Equal(
            $"2026-01-15\t{line}\t郴州示例建材水泥有限公司 2500吨/日新型干法水泥熟料生产线\tconfirm by 2026-01-16\n" +
            $"2026-02-15\t{line}\t郴州示例建材水泥有限公司 2500吨/日新型干法水泥熟料生产线\tconfirm by 2026-02-24\n" +
            $"2026-03-15\t{line}\t郴州示例建材水泥有限公司 2500吨/日新型干法水泥熟料生产线\tconfirm by 2026-03-16\n",
            forecast.Output);
        Assert.Contains("遇休息日不顺延", forecast.Error);

        var noProgramme = await Run("programme", "kiln-forecast", "--city", "330400", "--from", "2026-01-01", "--until", "2026-03-31");
        Assert.Equal(2, noProgramme.Code);
        Assert.Contains("嘉兴市的工作方案没有水泥熟料装置停产方案", noProgramme.Error);

        await _host.ExecuteAsync("""
            insert into capacity_exit.enterprises (name, credit_code, industry, county_id, contact_email)
            select '郴州示例煤矿有限公司', @code, 'Coal', id, 'mine@example.org' from capacity_exit.jurisdictions where code = '431081'
            """, ("code", Domain.Registry.CreditCode.Complete("91431081MA9000002")));
        var mine = await _host.ScalarAsync<int>("select id from capacity_exit.enterprises where industry = 'Coal'");
        var file = Path.Combine(_dir, "2026-10.txt");
        await File.WriteAllTextAsync(file, "2026-10-01..2026-10-03   # 国庆节\n2026-10-08..2026-10-31\n");
        var report = await Run("programme", "coal-report", "--as", "chenzhou-development", "--enterprise", mine.ToString(), "--year", "2026", "--month", "10", "--days", file);
        Assert.Equal(0, report.Code);
        Assert.Equal("2026-10-01\tholiday\t2026-10-01 法定节假日（国庆节）安排生产\n2026-10-02\tholiday\t2026-10-02 法定节假日（国庆节）安排生产\n2026-10-03\tholiday\t2026-10-03 法定节假日（国庆节）安排生产\n", report.Output);
        Assert.Contains("27 个生产日，3 处违规，已交办任务", report.Error);

        var again = await Run("programme", "coal-report", "--as", "chenzhou-development", "--enterprise", mine.ToString(), "--year", "2026", "--month", "10", "--days", file);
        Assert.Equal(2, again.Code);
        Assert.Contains("[only-once]", again.Error);
        var tasks = await Run("programme", "tasks", "--as", "chenzhou-development");
        Assert.Contains("\tcoal-breach\t2026-11-09\t待办\t郴州示例煤矿有限公司2026年10月超作业日或节假日生产（3天）", tasks.Output);
    }
}
