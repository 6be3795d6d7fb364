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
/// refused submissions (a rate-limited one, a robot's) kept for the audit. For the lists the seeds ask to publish: a
/// paper machine of 宜章县 sealed until its demolition, with its notice (封存设备公告) and the government website's copy; an
/// over-emitting enterprise of 永兴县 whose closure was sought as serious (超标排放情节严重). Every case of the year is in
/// the census results (摸排结果公示); 郑州's missed target (DemoMoments) is on the public targets page.
/// Done through the same services a person uses (立案, the tasks, the 举报 form), so every row is what they would leave.
/// </summary>
internal static class DemoPublic
{
    public const string ExitedEnterprise = "郴州示例小型钢铁有限公司";
    public const string SealedEnterprise = "郴州示例窄幅造纸有限公司";
    public const string SeriousOverEmission = "郴州示例冶炼渣处理有限公司";

    /// <summary>The address the demo's website publisher gives for the government website's copy (a reserved example domain).</summary>
    public const string GovernmentNoticeUrl = "https://www.example.org/gongkai/fengcun-2026-01.html";

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

        await StageSealedEquipmentAsync(services, cases, bureau.Id, today, cancellationToken);
        await StageSeriousOverEmissionAsync(services, db, cases, today, cancellationToken);

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

    /// <summary>
    /// 001 §三.(三).5 / 000 §二 造纸 (窄幅、低车速造纸机): not demolishable at once, so sealed, the enterprise's public
    /// commitment taken and the notice published, demolition due in four months.
    /// </summary>
    private static async Task StageSealedEquipmentAsync(IServiceProvider services, CaseWorkflowService cases, int bureauId, DateOnly today, CancellationToken cancellationToken)
    {
        var found = today.AddDays(-15);
        var opened = await services.GetRequiredService<CaseOpeningService>().OpenAsync("chenzhou-industryit", new CaseOpening(
            CreditCode.Complete("91431022MA9000002"), SealedEnterprise, nameof(Industry.Paper), "431022", "1092型窄幅低速造纸机生产线", "0.8", "万吨/年",
            "technology", found.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "郴州市2017年工作方案 §二：造纸，淘汰窄幅、低车速造纸机", bureauId.ToString(CultureInfo.InvariantCulture),
            new Dictionary<string, string> { ["demolitionDate"] = found.AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), cancellationToken);
        async Task CompleteAsync(string login, string outcome, Dictionary<string, string> data)
        {
            var task = (await cases.OpenTasksAsync(login, opened.Id, cancellationToken)).Single();
            data["task"] = task.Key;
            data["outcome"] = outcome;
            await cases.IssueAsync(opened.Id, login, "complete-task", data, cancellationToken);
        }

        await CompleteAsync("chenzhou-industryit", "not-yet-demolishable", new() { ["reason"] = "造纸机与厂房结构相连，须待厂房改造方案批准后拆除" });
        await CompleteAsync("chenzhou-industryit", "sealed", new() { ["measures"] = "已断水、断电，拆除传动电机及真空泵，对造纸机网部、压榨部加贴封条" });
        await CompleteAsync("chenzhou-industryit", "committed", new() { ["commitment"] = "企业不再恢复生产承诺书（示例）" });
        await CompleteAsync("chenzhou-industryit", "published", new() { ["noticeUrl"] = GovernmentNoticeUrl });
    }

    /// <summary>001 §三.(三).2: an over-emitting smelting-slag works whose closure was sought as serious; the approval pending.</summary>
    private static async Task StageSeriousOverEmissionAsync(IServiceProvider services, CapacityExitDbContext db, CaseWorkflowService cases, DateOnly today, CancellationToken cancellationToken)
    {
        var environment = await db.Bureaus.AsNoTracking().SingleAsync(b => b.NameZh == "郴州市生态环境局", cancellationToken);
        var opened = await services.GetRequiredService<CaseOpeningService>().OpenAsync("chenzhou-environment", new CaseOpening(
            CreditCode.Complete("91431023MA9000003"), SeriousOverEmission, nameof(Industry.LeadSmelting), "431023", "冶炼渣回收稀贵金属反射炉", "1.2", "万吨/年",
            "environment", today.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "郴州市2017年工作方案 §三.5：环保不达标依法关停",
            environment.Id.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string> { ["orderPeriod"] = "P3M" }), cancellationToken);
        await cases.IssueAsync(opened.Id, "chenzhou-environment", "serious-violation",
            new Dictionary<string, string> { ["reason"] = "二氧化硫排放浓度超标五倍以上，且拒不执行停产整治决定" }, cancellationToken);
    }
}
