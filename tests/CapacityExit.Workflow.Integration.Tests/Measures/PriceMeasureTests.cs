using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>
/// Differential and punitive prices (003 §三.2): a case entering a failing state sends the power supplier a numbered
/// notice with its .docx in the transaction of that transition; ending the case sends the lifting notice; each once,
/// however often the catch-up job runs after.
/// </summary>
public sealed class PriceMeasureTests : IClassFixture<MeasureHost>
{
    private readonly WorkflowTestHost _host;

    public PriceMeasureTests(MeasureHost fixture) => _host = fixture.Host;

    private Task<(int Applied, int Lifted)> SyncAsync() => _host.Services.GetRequiredService<PriceMeasureService>().SyncAsync(CancellationToken.None);

    private Task<List<IssuedNotice>> NoticesAsync(long caseId) => _host.InScopeAsync(sp =>
        sp.GetRequiredService<CapacityExitDbContext>().Set<IssuedNotice>().Where(n => n.CaseId == caseId).OrderBy(n => n.Id).ToListAsync());

    [Fact]
    public async Task A_failing_case_gets_one_numbered_price_notice_and_its_exit_one_lifting_notice()
    {
        // Opening an energy case puts it in 限期整改 (a yellow card): the notice is issued with the opening itself,
        // before any job has run.
        var opened = await MeasureKit.OpenAsync(_host, "431026", Industry.Cement, 60m, "万吨/年", "示例超限额水泥公司");
        Assert.Single(await NoticesAsync(opened.CaseId));

        Assert.Equal(0, (await SyncAsync()).Applied); // the catch-up job (this host or another) issues nothing twice

        var applied = Assert.Single(await NoticesAsync(opened.CaseId));
        Assert.Equal("price-measure", applied.Kind);
        Assert.Matches(@"^郴发改价格〔2026〕\d+号$", applied.DocumentNumber);
        Assert.Equal("关于对示例超限额水泥公司执行惩罚性电价的通知", applied.Title);
        // 000 §四.4 names 超定额用水累进加价 too: the water supplier is told in 郴州 as everywhere.
        Assert.Equal("示例供电公司、示例供水公司", applied.MainRecipients);
        Assert.Contains("请自2026年1月15日起对该企业执行惩罚性电价，并执行超定额用水累进加价", applied.Body);
        Assert.Equal(["power.example@example.org", "water.example@example.org"], NoticeService.RecipientsOf(applied, copy: false).Select(r => r.Address));

        var measure = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<PriceMeasure>().SingleAsync(m => m.CaseId == opened.CaseId));
        Assert.Equal((applied.Id, new DateOnly(2026, 1, 15), (long?)null), (measure.NoticeId, measure.Since, measure.LiftNoticeId));

        // The mail to the supplier carries the document as the body and the .docx.
        var outbox = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Outbox
            .Where(m => m.Kind == "price-measure" && m.CaseId == opened.CaseId).ToListAsync());
        var mail = await _host.InScopeAsync(sp => sp.GetRequiredService<TemplateMailDrafter>().DraftAsync(Assert.Single(outbox), CancellationToken.None));
        Assert.Equal($"{applied.DocumentNumber} 关于对示例超限额水泥公司执行惩罚性电价的通知", mail.Subject);
        Assert.EndsWith(".docx", Assert.Single(mail.Attachments).FileName);
        // The body is the document: headed and signed by the issuing 发改委 by name, never by its settings key.
        Assert.Contains("发展和改革委员会\n", mail.TextBody.Replace("\r\n", "\n"));
        Assert.DoesNotContain("/price", mail.TextBody);
        Assert.DoesNotContain("/cases/", mail.TextBody); // the supplier has no account in the back office: no internal link

        // The list shows the enterprise under the measure, since when and why.
        var listed = await _host.InScopeAsync(sp => PriceMeasureService.ListAsync(sp.GetRequiredService<CapacityExitDbContext>(), sp.GetRequiredService<MeasureAccess>(),
            sp.GetRequiredService<CapacityExit.Workflow.Core.Workflows.WorkflowRuntime>(), "chenzhou-office", includeLifted: false, CancellationToken.None));
        var row = Assert.Single(listed, r => r.Measure.CaseId == opened.CaseId);
        Assert.Contains("惩罚性电价；000 §四.4", row.Measure.Reason);
        Assert.Null(row.WaterNoticeNumber); // the water supplier was told by the application notice itself

        // A case ended outside the workflow (here by SQL, as a data correction would): the catch-up job lifts it, once.
        _host.Time.Advance(TimeSpan.FromDays(40));
        await MeasureKit.MarkExitedAsync(_host, opened.CaseId, _host.Time.GetUtcNow());
        Assert.Equal(1, (await SyncAsync()).Lifted);
        Assert.Equal(0, (await SyncAsync()).Lifted);

        var notices = await NoticesAsync(opened.CaseId);
        Assert.Equal(2, notices.Count);
        var lifted = notices[1];
        Assert.Equal("price-measure-lifted", lifted.Kind);
        Assert.Equal("关于停止对示例超限额水泥公司执行惩罚性电价的通知", lifted.Title);
        Assert.Contains($"（{applied.DocumentNumber}）。该企业已关停退出并通过验收，请自2026年2月24日起停止对其执行惩罚性电价和超定额用水累进加价", lifted.Body);
        Assert.True(lifted.Number > applied.Number);
        Assert.Equal(applied.IssuerId, lifted.IssuerId);
        measure = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<PriceMeasure>().SingleAsync(m => m.CaseId == opened.CaseId));
        Assert.Equal((lifted.Id, new DateOnly(2026, 2, 24)), (measure.LiftNoticeId, measure.LiftedOn));
        Assert.Equal(2, await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Outbox.CountAsync(m => m.CaseId == opened.CaseId && m.Kind.StartsWith("price-measure"))));
    }

    [Fact]
    public async Task The_water_supplier_is_told_in_Zhanjiang_too_003_2_1_2()
    {
        var county = await _host.ScalarAsync<string>("select code from capacity_exit.jurisdictions where parent_id = (select id from capacity_exit.jurisdictions where code = '440800') order by code limit 1");
        var opened = await MeasureKit.OpenAsync(_host, county, Industry.Paper, 5m, "万吨/年", "示例湛江造纸公司");

        var notice = Assert.Single(await NoticesAsync(opened.CaseId));
        Assert.StartsWith("湛发改价格〔2026〕", notice.DocumentNumber);
        Assert.Equal("示例供电公司、示例供水公司", notice.MainRecipients);
        Assert.Equal(["power.example@example.org", "water.example@example.org"], NoticeService.RecipientsOf(notice, copy: false).Select(r => r.Address));
        Assert.Contains("并执行超定额用水累进加价", notice.Body);
    }

    [Fact]
    public async Task Withdrawing_the_case_lifts_the_measure_in_the_same_transaction()
    {
        var opened = await MeasureKit.OpenAsync(_host, "431026", Industry.Cement, 30m, "万吨/年", "示例撤销案件水泥公司");
        var applied = Assert.Single(await NoticesAsync(opened.CaseId));

        var state = await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(opened.CaseId, "chenzhou-office", "withdraw",
            new Dictionary<string, string> { ["reason"] = "误立案：该生产线不在本县" }, CancellationToken.None));
        Assert.Equal("withdrawn", state.State);

        // No job has run: the withdrawal's own commit carried the lifting notice and its mail.
        var notices = await NoticesAsync(opened.CaseId);
        Assert.Equal(["price-measure", "price-measure-lifted"], notices.Select(n => n.Kind));
        Assert.Contains($"（{applied.DocumentNumber}）。该企业案件已撤销", notices[1].Body);
        Assert.Equal(2, await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Outbox.CountAsync(m => m.CaseId == opened.CaseId && m.Kind.StartsWith("price-measure"))));
        var measure = await _host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<PriceMeasure>().SingleAsync(m => m.CaseId == opened.CaseId));
        Assert.Equal(notices[1].Id, measure.LiftNoticeId);
        Assert.Equal((0, 0), await SyncAsync());
    }

    [Fact]
    public async Task An_opening_rolled_back_leaves_no_price_notice_and_uses_no_number()
    {
        var before = await _host.ScalarAsync<long>("select count(*) from capacity_exit.issued_notices where kind = 'price-measure'");
        var lastNumber = await _host.ScalarAsync<int>("select coalesce(max(number), 0) from capacity_exit.issued_notices where issuer_id = 'chenzhou-2017/price' and year = 2026");

        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var county = await db.Jurisdictions.SingleAsync(j => j.Code == "431026");
            var item = new CapacityItem
            {
                Enterprise = new Enterprise { Name = "示例回滚水泥公司", Industry = Industry.Cement, CountyId = county.Id, CreditCode = CreditCode.Complete("91431026MA8000001") },
                Description = "测试生产线", Amount = 20m, Unit = "万吨/年",
            };
            db.Add(item);
            await db.SaveChangesAsync();
            var bureau = await db.Bureaus.SingleAsync(b => b.JurisdictionId == county.ParentId && b.Kind == BureauKind.IndustryIT);
            var opened = await sp.GetRequiredService<RegistryService>().OpenCaseAsync(
                new NewCase(item.Id, "energy", new DateOnly(2026, 1, 5), "测试依据", bureau.Id), CancellationToken.None);
            // Inside the transaction the notice exists; the caller then gives up the whole opening.
            Assert.Equal(1, await db.Set<IssuedNotice>().CountAsync(n => n.CaseId == opened.Id));
            await transaction.RollbackAsync();
            return opened.Id;
        });

        Assert.Equal(before, await _host.ScalarAsync<long>("select count(*) from capacity_exit.issued_notices where kind = 'price-measure'"));
        Assert.Equal(0, await _host.ScalarAsync<long>("select count(*) from capacity_exit.enterprises where name = '示例回滚水泥公司'"));
        var next = await MeasureKit.OpenAsync(_host, "431026", Industry.Cement, 10m, "万吨/年", "示例回滚之后水泥公司");
        Assert.Equal(lastNumber + 1, Assert.Single(await NoticesAsync(next.CaseId)).Number); // the rolled-back number is free again
    }
}
