using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Measures;
using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Demo;

/// <summary>
/// The public side in the demo (issue 17): one enterprise of 郴州 whose banned equipment was demolished and accepted this
/// year — on the annual exit list with its closure notice — one report from the public waiting for 应急管理局, and two
/// refused submissions (a rate-limited one, a robot's) kept for the audit.
/// Done through the same services a person uses (立案, the tasks, the 举报 form), so every row is what they would leave.
/// </summary>
internal static class DemoPublic
{
    public const string ExitedEnterprise = "郴州示例小型钢铁有限公司";

    public static async Task StageAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var today = ChinaTime.Today(time);
        var bureau = await db.Bureaus.AsNoTracking().SingleAsync(b => b.NameZh == "郴州市工业和信息化局", cancellationToken);
        var found = today.AddDays(-20);
        var opened = await services.GetRequiredService<CaseOpeningService>().OpenAsync("chenzhou-industryit", new CaseOpening(
            CreditCode.Complete("91431002MA9000001"), ExitedEnterprise, nameof(Industry.Steel), "431002", "0.5吨中频炉（地条钢）", "3", "万吨/年",
            "technology", found.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "郴州市2017年工作方案 §二：淘汰类装备拆除", bureau.Id.ToString(CultureInfo.InvariantCulture),
            new Dictionary<string, string> { ["demolitionDate"] = found.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), cancellationToken);

        var cases = services.GetRequiredService<CaseWorkflowService>();
        var assessment = (await cases.OpenTasksAsync("chenzhou-industryit", opened.Id, cancellationToken)).Single();
        await cases.IssueAsync(opened.Id, "chenzhou-industryit", "complete-task", new Dictionary<string, string> { ["task"] = assessment.Key, ["outcome"] = "demolishable" }, cancellationToken);
        await cases.IssueAsync(opened.Id, "chenzhou-industryit", "demolished", null, cancellationToken);
        // Workers first (002 §三): the resettlement plan is on record before the exit can be accepted.
        await services.GetRequiredService<ExitSupportService>().RecordPlanAsync("chenzhou-office",
            new(CreditCode.Complete("91431002MA9000001"), new ResettlementCounts(45, 20, 15, 6, 4), null), cancellationToken);
        var acceptance = (await cases.OpenTasksAsync("chenzhou-office", opened.Id, cancellationToken)).Single();
        await cases.IssueAsync(opened.Id, "chenzhou-office", "complete-task", new Dictionary<string, string>
        {
            ["task"] = acceptance.Key, ["outcome"] = "accepted", ["photosBefore"] = "拆除前照片3张", ["photosDuring"] = "拆除中照片2张",
            ["photosAfter"] = "拆除后照片3张", ["acceptanceOpinion"] = "主体设备已拆除，现场验收合格",
        }, cancellationToken);

        var county = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == "431021", cancellationToken);
        await services.GetRequiredService<PublicReportService>().SubmitAsync(new PublicReportInput(
            "桂阳县某烟花作坊（示例）", county.Id.ToString(CultureInfo.InvariantCulture), "桂阳县示例镇示例村后山", "safety",
            "夜间仍有工人在已停产的黑火药车间作业，门口堆放原料。", null, null), "demo", cancellationToken);

        // Two submissions that were not taken up, as the audit finds them under 未受理的举报: the 11th in a minute from one
        // address, and a robot's (it filled the hidden field). Documentation addresses (RFC 5737), fictional text.
        var reports = services.GetRequiredService<PublicReportService>();
        await reports.KeepRefusedAsync(PublicReportService.RateLimited, "192.0.2.45", "桂阳县某烟花作坊（示例）", county.Id.ToString(CultureInfo.InvariantCulture),
            "桂阳县示例镇示例村后山", "safety", "同一情况第十一次提交。", null, cancellationToken);
        await reports.KeepRefusedAsync(PublicReportService.Robot, "198.51.100.200", "<a href=\"http://spam.example\">示例广告</a>", "x",
            "示例", null, "=HYPERLINK(\"http://spam.example\")", "spam@example.com", cancellationToken);
    }
}
