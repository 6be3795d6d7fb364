using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Demo;

/// <summary>
/// The measures around an exit, for a person who opens the demo (issue 19): in 郴州's 桂阳县 two fictional enterprises
/// whose exits were accepted two months ago, each with its worker resettlement plan, one with funds and land on record;
/// the steel line backs a replacement plan (24 万吨/年 new × 1.25 = 30 drawn, 10 left in the ledger). The price notices
/// to the power supplier follow from the open demo cases by themselves (the price-measures job).
/// </summary>
public static class DemoMeasures
{
    public static async Task StageAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "431021", cancellationToken);
        var bureau = await db.Bureaus.SingleAsync(b => b.JurisdictionId == county.ParentId && b.Kind == BureauKind.IndustryIT, cancellationToken);
        var exitedAt = time.GetUtcNow().AddDays(-60).ToUniversalTime();
        var steel = await ExitedAsync(db, county, bureau, "郴州示例退出钢铁有限公司", Industry.Steel, "450立方米高炉", 40m, "91431021MA9D00001", exitedAt, cancellationToken);
        var cement = await ExitedAsync(db, county, bureau, "郴州示例退出水泥有限公司", Industry.Cement, "立窑水泥熟料生产线", 30m, "91431021MA9D00002", exitedAt, cancellationToken);

        var support = services.GetRequiredService<ExitSupportService>();
        await support.RecordPlanAsync("chenzhou-office", new(steel.Code, new ResettlementCounts(260, 120, 80, 40, 20), "桂人社〔2026〕3号"), cancellationToken);
        await support.RecordPlanAsync("chenzhou-office", new(cement.Code, new ResettlementCounts(90, 30, 40, 15, 5), null), cancellationToken);
        var year = exitedAt.AddHours(8).Year;
        await support.RecordFundAsync("chenzhou-office", null,
            new(steel.Code, year, "市工业企业结构调整专项奖补资金", "郴财企〔2026〕12号", 1_200_000m, 1_000_000m, 600_000m), cancellationToken);
        await support.RecordLandAsync("chenzhou-office", new(steel.Code, year, 86.5m, "政府收回划拨土地", "桂自然资〔2026〕5号"), cancellationToken);

        await services.GetRequiredService<ReplacementService>().PlanAsync("chenzhou-office",
            new PlanInput("郴州示例钢铁产能置换技改项目", "郴州示例新材料钢铁有限公司", county.Code, "钢铁", 24m, "万吨/年", [new LedgerDraw(steel.ItemId, 30m)], "郴发改产业〔2026〕8号"),
            cancellationToken);
    }

    private static async Task<(string Code, int ItemId)> ExitedAsync(CapacityExitDbContext db, Jurisdiction county, Bureau bureau, string name, Industry industry,
        string line, decimal amount, string codeStem, DateTimeOffset exitedAt, CancellationToken cancellationToken)
    {
        var code = CreditCode.Complete(codeStem);
        var item = new CapacityItem
        {
            Enterprise = new Enterprise { Name = name, CreditCode = code, Industry = industry, CountyId = county.Id, ContactName = "演示联系人" },
            Description = line, Amount = amount, Unit = "万吨/年",
        };
        var closed = new Case
        {
            CapacityItem = item, Standard = Standard.Energy, FindingDate = DateOnly.FromDateTime(exitedAt.AddDays(-300).UtcDateTime),
            LegalBasis = "郴州市2017年工作方案 §三.5：能耗不达标，逾期未整改，依法关停退出", ResponsibleBureauId = bureau.Id, Status = CaseStatus.Exited,
            CreatedAt = exitedAt.AddDays(-300),
        };
        db.Cases.Add(closed);
        await db.SaveChangesAsync(cancellationToken);
        db.WorkflowInstances.Add(new WorkflowInstance
        {
            CaseId = closed.Id, DefinitionId = "energy", Version = 1, ProfileId = "chenzhou-2017", State = "exited", Variables = "{}",
            StartedAt = closed.CreatedAt, UpdatedAt = exitedAt, FinishedAt = exitedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (code, item.Id);
    }
}
