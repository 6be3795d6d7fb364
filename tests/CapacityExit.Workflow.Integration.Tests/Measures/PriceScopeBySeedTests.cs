using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>
/// Each profile puts under differential prices the capacity its own seed names (workflows/measures/measures.yaml
/// price-scope), on a real PostgreSQL: 000 §四.4 (郴州) energy only; 001 §四.(三) (长春) and 003 §二.(一).2 (湛江) energy and
/// 淘汰类 — a technology case from its finding, before any overdue demolition; 002 §三.(三) (郑州) every 落后产能 of the
/// 综合标准体系, quality included; 004 §五.(三).2 (嘉兴) 淘汰类 only in the eight named industries. A notice issued under the
/// earlier rule for capacity the seed does not name is corrected by a numbered notice that names it, never deleted; a
/// measure in force that the earlier rule issued to the power supplier only gets the water supplier's numbered notice once.
/// </summary>
public sealed class PriceScopeBySeedTests : IClassFixture<MeasureHost>
{
    private readonly WorkflowTestHost _host;

    public PriceScopeBySeedTests(MeasureHost fixture) => _host = fixture.Host;

    private Task<List<IssuedNotice>> NoticesAsync(long caseId) => _host.InScopeAsync(sp =>
        sp.GetRequiredService<CapacityExitDbContext>().Set<IssuedNotice>().Where(n => n.CaseId == caseId).OrderBy(n => n.Id).ToListAsync());

    private Task<string> CountyOf(string cityCode) => _host.ScalarAsync<string>(
        "select code from capacity_exit.jurisdictions where parent_id = (select id from capacity_exit.jurisdictions where code = @city) order by code limit 1", ("city", cityCode));

    [Fact]
    public async Task Chenzhou_000_4_4_names_energy_only_quality_safety_and_obsolete_lines_pay_no_differential_price()
    {
        var energy = await MeasureKit.OpenAsync(_host, "431026", Industry.Steel, 50m, "万吨/年", "示例郴州能耗钢铁公司");
        var quality = await MeasureKit.OpenAsync(_host, "431026", Industry.Cement, 50m, "万吨/年", "示例郴州质量水泥公司", Standard.Quality);
        var safety = await MeasureKit.OpenAsync(_host, "431026", Industry.Fireworks, 5m, "万箱/年", "示例郴州安全烟花公司", Standard.Safety);
        var technology = await MeasureKit.OpenAsync(_host, "431026", Industry.Steel, 50m, "万吨/年", "示例郴州淘汰类钢铁公司", Standard.Technology);

        Assert.Equal("price-measure", Assert.Single(await NoticesAsync(energy.CaseId)).Kind);
        Assert.Empty(await NoticesAsync(quality.CaseId));
        Assert.Empty(await NoticesAsync(safety.CaseId));
        Assert.Empty(await NoticesAsync(technology.CaseId));
        await _host.Services.GetRequiredService<PriceMeasureService>().SyncAsync(CancellationToken.None);
        Assert.Empty(await NoticesAsync(quality.CaseId)); // the catch-up does not add them either
    }

    [Fact]
    public async Task Changchun_001_4_3_and_Zhanjiang_003_2_1_2_put_an_obsolete_line_under_the_differential_price_from_its_finding()
    {
        var changchun = await MeasureKit.OpenAsync(_host, await CountyOf("220100"), Industry.Cement, 30m, "万吨/年", "示例长春淘汰类水泥公司", Standard.Technology);
        var zhanjiang = await MeasureKit.OpenAsync(_host, await CountyOf("440800"), Industry.Paper, 3m, "万吨/年", "示例湛江淘汰类造纸公司", Standard.Technology);

        // Still assessing whether it can be demolished: no card, no overdue demolition — the finding is enough.
        foreach (var (caseId, issuer) in new[] { (changchun.CaseId, "长发改价格〔2026〕"), (zhanjiang.CaseId, "湛发改价格〔2026〕") })
        {
            var notice = Assert.Single(await NoticesAsync(caseId));
            Assert.StartsWith(issuer, notice.DocumentNumber);
            Assert.Contains("执行差别电价", notice.Title);
            Assert.Contains("判定是否具备拆除条件", notice.Body);
        }
    }

    [Fact]
    public async Task Henan_002_3_3_names_every_backward_capacity_of_its_standard_system_quality_included()
    {
        var quality = await MeasureKit.OpenAsync(_host, await CountyOf("410100"), Industry.Cement, 40m, "万吨/年", "示例郑州质量水泥公司", Standard.Quality);

        var notice = Assert.Single(await NoticesAsync(quality.CaseId));
        Assert.StartsWith("郑发改价格〔2026〕", notice.DocumentNumber);
        Assert.Equal("关于对示例郑州质量水泥公司执行差别电价的通知", notice.Title);
        var measure = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<PriceMeasure>().SingleAsync(m => m.CaseId == quality.CaseId));
        Assert.EndsWith("（差别电价；002 §三.(三)）", measure.Reason);
    }

    [Fact]
    public async Task Jiaxing_004_5_3_2_names_obsolete_lines_of_its_eight_industries_only()
    {
        var county = await CountyOf("330400");
        var steel = await MeasureKit.OpenAsync(_host, county, Industry.Steel, 20m, "万吨/年", "示例嘉兴淘汰类钢铁公司", Standard.Technology);
        var paper = await MeasureKit.OpenAsync(_host, county, Industry.Paper, 2m, "万吨/年", "示例嘉兴淘汰类造纸公司", Standard.Technology);
        var energy = await MeasureKit.OpenAsync(_host, county, Industry.Paper, 2m, "万吨/年", "示例嘉兴能耗造纸公司");

        Assert.Contains("执行差别电价", Assert.Single(await NoticesAsync(steel.CaseId)).Title);
        Assert.Empty(await NoticesAsync(paper.CaseId));
        Assert.Contains("执行惩罚性电价", Assert.Single(await NoticesAsync(energy.CaseId)).Title);
    }

    [Fact]
    public async Task A_notice_issued_under_the_earlier_rule_for_a_case_its_seed_does_not_name_is_corrected_by_a_numbered_notice_not_deleted()
    {
        // A 郴州 safety case that the earlier rule (every carded case) put under 差别电价: its notice and measure as that rule wrote them.
        var safety = await MeasureKit.OpenAsync(_host, "431026", Industry.Coal, 30m, "万吨/年", "示例郴州旧规则煤矿", Standard.Safety);
        var old = await _host.InScopeAsync(async sp =>
        {
            var settings = sp.GetRequiredService<MeasureSettings>().For("chenzhou-2017");
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var notice = await sp.GetRequiredService<NoticeService>().IssueAsync(new NoticeRequest(MessageKinds.PriceMeasure, safety.CaseId, null, "示例郴州旧规则煤矿",
                PriceMeasureService.PowerSupplier, "执行差别电价", PriceMeasureService.Actor)
            {
                Issuer = settings.PriceIssuer,
                Facts = new Dictionary<string, string> { ["measure"] = "差别电价", ["measure_en"] = "differential electricity price", ["since"] = "2026年1月15日", ["water"] = "false" },
            }, CancellationToken.None);
            db.Add(new PriceMeasure { CaseId = safety.CaseId, Kind = "Differential", Since = ChinaTime.Today(_host.Time), Reason = "停产停业整顿（差别电价）", NoticeId = notice.Id });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return notice;
        });

        var service = _host.Services.GetRequiredService<PriceMeasureService>();
        var first = await service.SyncAsync(CancellationToken.None);
        var second = await service.SyncAsync(CancellationToken.None);

        Assert.True(first.Lifted >= 1);
        Assert.Equal(0, second.Lifted);
        var notices = await NoticesAsync(safety.CaseId);
        Assert.Equal([old.Id, notices[1].Id], notices.Select(n => n.Id));
        var correction = notices[1];
        Assert.Equal("price-measure-lifted", correction.Kind);
        Assert.Equal(old.Number + 1, correction.Number);
        Assert.Equal("关于停止对示例郴州旧规则煤矿执行差别电价的通知", correction.Title);
        Assert.Contains($"（{old.DocumentNumber}）。该企业经核对，其煤炭行业安全不达标产能不属于本地方案所列执行差别化价格政策的范围，前通知依据有误，予以更正", correction.Body);
        var measure = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<PriceMeasure>().SingleAsync(m => m.CaseId == safety.CaseId));
        Assert.Equal((old.Id, correction.Id), (measure.NoticeId, measure.LiftNoticeId));
        Assert.Contains("予以更正", measure.LiftReason);
    }

    [Fact]
    public async Task A_measure_in_force_issued_to_the_power_supplier_only_gets_the_water_suppliers_numbered_notice_once()
    {
        // A 郴州 energy case (000 §四.4) put under the measure when 郴州's profile said water-supplier: false: the earlier
        // rule's notice told the power supplier only, and its measure records no water notice.
        var energy = await MeasureKit.OpenAsync(_host, "431026", Industry.Cement, 60m, "万吨/年", "示例郴州旧规则水泥公司");
        await _host.ExecuteAsync("delete from capacity_exit.price_measures where case_id = @id", ("id", energy.CaseId)); // the new rule's row, as if never issued
        var old = await _host.InScopeAsync(async sp =>
        {
            var settings = sp.GetRequiredService<MeasureSettings>().For("chenzhou-2017");
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var notice = await sp.GetRequiredService<NoticeService>().IssueAsync(new NoticeRequest(MessageKinds.PriceMeasure, energy.CaseId, null, "示例郴州旧规则水泥公司",
                PriceMeasureService.PowerSupplier, "执行惩罚性电价", PriceMeasureService.Actor)
            {
                Issuer = settings.PriceIssuer,
                Facts = new Dictionary<string, string> { ["measure"] = "惩罚性电价", ["measure_en"] = "punitive electricity price", ["since"] = "2026年1月15日", ["water"] = "false" },
            }, CancellationToken.None);
            db.Add(new PriceMeasure { CaseId = energy.CaseId, Kind = "Punitive", Since = new DateOnly(2026, 1, 15), Reason = "整改期（惩罚性电价；000 §四.4）", NoticeId = notice.Id });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return notice;
        });
        Assert.DoesNotContain("供水", old.MainRecipients);

        var service = _host.Services.GetRequiredService<PriceMeasureService>();
        var first = await service.TellWaterSupplierAsync(CancellationToken.None);
        var outboxAfterFirst = await _host.ScalarAsync<long>("select count(*) from capacity_exit.outbox_messages where case_id = @id", ("id", energy.CaseId));
        var second = await service.TellWaterSupplierAsync(CancellationToken.None);

        Assert.True(first >= 1);
        Assert.Equal(0, second);
        var notices = (await NoticesAsync(energy.CaseId)).Where(n => n.Id >= old.Id).ToList();
        Assert.Equal(2, notices.Count); // the earlier notice kept, one water notice, never a second
        var water = notices[1];
        Assert.Equal(old.Id, notices[0].Id);
        Assert.Equal("price-measure", water.Kind);
        Assert.Equal(old.Number + 1, water.Number);
        Assert.StartsWith("郴发改价格〔2026〕", water.DocumentNumber);
        Assert.Equal("示例供水公司", water.MainRecipients);
        Assert.Contains("water.example@example.org", water.Recipients);
        Assert.DoesNotContain("power.example@example.org", water.Recipients);
        Assert.Equal("关于对示例郴州旧规则水泥公司执行超定额用水累进加价的通知", water.Title);
        Assert.Contains($"自2026年1月15日起对该企业执行惩罚性电价（{old.DocumentNumber}），该通知未告知供水企业，予以更正", water.Body);
        Assert.Contains("执行超定额用水累进加价，至本机关通知解除之日止", water.Body);

        var measure = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<PriceMeasure>().AsNoTracking().SingleAsync(m => m.CaseId == energy.CaseId));
        Assert.Equal((old.Id, water.Id, (long?)null), (measure.NoticeId, measure.WaterNoticeId, measure.LiftNoticeId));
        var mail = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Outbox.AsNoTracking()
            .Where(m => m.MessageId == $"<notice-{water.Id}@capacity-exit.workflow>").ToListAsync());
        Assert.Equal(PriceMeasureService.WaterSupplier, Assert.Single(mail).RecipientRole);
        var drafted = await _host.InScopeAsync(sp => sp.GetRequiredService<TemplateMailDrafter>().DraftAsync(mail[0], CancellationToken.None));
        Assert.Equal($"{water.DocumentNumber} 关于对示例郴州旧规则水泥公司执行超定额用水累进加价的通知", drafted.Subject);
        Assert.Equal(["water.example@example.org"], drafted.To.Select(r => r.Address));
        Assert.EndsWith(".docx", Assert.Single(drafted.Attachments).FileName);
        var history = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().CaseHistory.AsNoTracking()
            .Where(h => h.CaseId == energy.CaseId && h.What.Contains(water.DocumentNumber)).ToListAsync());
        Assert.Contains($"{old.DocumentNumber}未告知供水企业，予以更正", Assert.Single(history).Why);
        // 价格措施 shows the measure's notice and the water supplier's beside it.
        var listed = await _host.InScopeAsync(sp => PriceMeasureService.ListAsync(sp.GetRequiredService<CapacityExitDbContext>(), sp.GetRequiredService<MeasureAccess>(),
            sp.GetRequiredService<CapacityExit.Workflow.Core.Workflows.WorkflowRuntime>(), "chenzhou-office", includeLifted: false, CancellationToken.None));
        var row = Assert.Single(listed, r => r.Measure.CaseId == energy.CaseId);
        Assert.Equal((old.DocumentNumber, water.DocumentNumber), (row.NoticeNumber, row.WaterNoticeNumber));
        Assert.Equal(outboxAfterFirst, await _host.ScalarAsync<long>("select count(*) from capacity_exit.outbox_messages where case_id = @id", ("id", energy.CaseId)));
    }
}
