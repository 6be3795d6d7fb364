using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Integration.Tests.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>
/// <c>export notices --as LOGIN</c>: the 通报与约谈 list of the /notices page as .xlsx — the rows the register lists for
/// that person, in its order, and none of another county's.
/// </summary>
[Collection("cli-environment")]
public sealed class NoticeExportCommandTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("capexit-notices-").FullName;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _host.Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_notices_a_person_reads_export_with_the_same_rows_as_the_register_lists()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        await NoticeKit.RunAsync(_host, async kit =>
        {
            var guiyang = await kit.Db.Jurisdictions.Where(j => j.NameZh == "桂阳县").Select(j => j.Id).SingleAsync();
            await using var tx = await kit.Db.Database.BeginTransactionAsync();
            await kit.Notices.IssueAsync(new NoticeRequest(MessageKinds.InterviewSummons, caseId, null, "郴州市工业和信息化局",
                "bureau-officer", "仍未督促企业完成整改", "chenzhou-office", new DateTimeOffset(2026, 1, 22, 9, 30, 0, TimeSpan.FromHours(8)), "示例会议室", ["分管负责人"]),
                CancellationToken.None);
            await kit.Notices.IssueAsync(new NoticeRequest(MessageKinds.CirculatedNotice, null, guiyang, "桂阳县人民政府",
                "county-government", "未完成2025年度落后产能退出目标任务", "chenzhou-office"), CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });

        var office = await ExportAsync("chenzhou-office");
        var county = await ExportAsync("chenzhou-county"); // 北湖区's officer: not 桂阳县's 通报

        Assert.Equal(2, office.Count);
        Assert.Equal(await ListedAsync("chenzhou-office"), office);
        Assert.Equal(await ListedAsync("chenzhou-county"), county);
        Assert.DoesNotContain(county, r => r.Laggard == "桂阳县人民政府");
        Assert.Contains(office, r => r.Kind == "通报" && r.Laggard == "桂阳县人民政府" && r.CaseId == "");
        Assert.Contains(office, r => r.Kind == "约谈" && r.Title == "关于约谈郴州市工业和信息化局的通知" && r.CaseId == caseId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var unknown = await RunAsync("export", "notices", "--out", Path.Combine(_folder, "x.xlsx"));
        Assert.Equal(2, unknown.Code);
        Assert.Contains("--as", unknown.Error);
    }

    private sealed record Line(string Number, string Kind, string IssuedOn, string Title, string Laggard, string CaseId);

    private async Task<List<Line>> ExportAsync(string login)
    {
        var file = Path.Combine(_folder, login + ".xlsx");
        var run = await RunAsync("export", "notices", "--as", login, "--out", file);
        Assert.True(run.Code == 0, run.Error);
        return MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => new Line(Text(r["文号"]), Text(r["类别"]), Text(r["印发日期"]), Text(r["标题"]), Text(r["被督办单位"]), Text(r["案号"]))).ToList();
    }

    /// <summary>What the /notices page's service lists for the person (one page holds them all here).</summary>
    private Task<List<Line>> ListedAsync(string login) => _host.InScopeAsync(async sp =>
    {
        var (rows, _) = await sp.GetRequiredService<NoticeRegister>().PageAsync(login, 0, CancellationToken.None);
        return rows.Select(n => new Line(n.DocumentNumber, n.Kind == MessageKinds.CirculatedNotice ? "通报" : "约谈", n.IssuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            n.Title, n.Laggard, n.CaseId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")).ToList();
    });

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        double n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error, _host.Time, () => RepoPaths.Root));
        return (code, output.ToString(), error.ToString());
    }
}
