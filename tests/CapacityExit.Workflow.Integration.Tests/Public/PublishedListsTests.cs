using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Public;

/// <summary>
/// What the published lists do as cases move on, on the virtual clock (2026-01-15): a sealed-equipment notice stays
/// published once the equipment is demolished (001 §三.(三).5: a notice is not taken back), and only a web address typed
/// by the officer is linked; an over-emitter that complied leaves the over-emission list (001 §五.(四)) but stays in the
/// year's census results (002 §四.(三)), which a withdrawn case leaves; a county's target reads 已完成, 进行中 or 未完成
/// by its last day (000 §三.2).
/// </summary>
public sealed class PublishedListsTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new(); // 2026-01-15, a Thursday

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<long> OpenAsync(string login, string name, string county, string standard, string bureau, Dictionary<string, string> facts) =>
        _host.InScopeAsync(async sp =>
        {
            var bureauId = await _host.ScalarAsync<int>("select id from capacity_exit.bureaus where name_zh = @n", ("n", bureau));
            var opened = await sp.GetRequiredService<CaseOpeningService>().OpenAsync(login, new CaseOpening(
                CreditCode.Complete($"91{county}MA{Random.Shared.Next(1_000_000, 9_999_999)}"), name, nameof(Industry.Paper), county, "1号生产线", "2", "万吨/年",
                standard, "2026-01-05", "测试依据", bureauId.ToString(CultureInfo.InvariantCulture), facts), CancellationToken.None);
            return opened.Id;
        });

    private Task IssueAsync(long caseId, string login, string command, Dictionary<string, string>? data = null) => _host.InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<CaseWorkflowService>().IssueAsync(caseId, login, command, data, CancellationToken.None);
        return true;
    });

    private Task CompleteAsync(long caseId, string login, string outcome, Dictionary<string, string> data) => _host.InScopeAsync(async sp =>
    {
        var cases = sp.GetRequiredService<CaseWorkflowService>();
        var task = (await cases.OpenTasksAsync(login, caseId, CancellationToken.None)).Single();
        data["task"] = task.Key;
        data["outcome"] = outcome;
        await cases.IssueAsync(caseId, login, "complete-task", data, CancellationToken.None);
        return true;
    });

    private Task<IReadOnlyList<PublicListEntry>> ListAsync(PublicList list, int year = 2026) => _host.InScopeAsync(async sp =>
    {
        var lists = sp.GetRequiredService<PublicListService>();
        var city = await lists.CityAsync("431000", CancellationToken.None);
        return await lists.ListAsync(list, city.Id, year, CancellationToken.None);
    });

    private async Task<long> SealedCaseAsync(string name, string noticeUrl)
    {
        var id = await OpenAsync("chenzhou-industryit", name, "431022", "technology", "郴州市工业和信息化局",
            new() { ["demolitionDate"] = "2026-05-29" });
        await CompleteAsync(id, "chenzhou-industryit", "not-yet-demolishable", new() { ["reason"] = "与厂房结构相连" });
        await CompleteAsync(id, "chenzhou-industryit", "sealed", new() { ["measures"] = "断水断电，拆除电机，加贴封条" });
        Assert.Null(await _host.InScopeAsync(sp => sp.GetRequiredService<PublicListService>().SealedEquipmentNoticeAsync(id, CancellationToken.None)));
        await CompleteAsync(id, "chenzhou-industryit", "committed", new() { ["commitment"] = "承诺书" });
        await CompleteAsync(id, "chenzhou-industryit", "published", new() { ["noticeUrl"] = noticeUrl });
        return id;
    }

    [Fact]
    public async Task A_sealed_equipment_notice_stays_published_after_the_demolition_and_only_a_web_address_is_linked()
    {
        var id = await SealedCaseAsync("郴州测试封存造纸有限公司", "https://www.example.org/notice/1.html");
        var notice = await _host.InScopeAsync(sp => sp.GetRequiredService<PublicListService>().SealedEquipmentNoticeAsync(id, CancellationToken.None));
        Assert.NotNull(notice);
        Assert.Equal(new DateOnly(2026, 1, 15), notice.Entry.NoticedOn);
        Assert.Equal(new DateOnly(2026, 5, 29), notice.Entry.DemolitionDate);
        Assert.Equal("断水断电，拆除电机，加贴封条", notice.Entry.SealingMeasures);
        Assert.Equal("https://www.example.org/notice/1.html", notice.Entry.GovernmentNoticeUrl);
        Assert.Equal("封存待拆（限时拆除）", notice.Entry.Step);
        Assert.Equal("郴州市淘汰落后产能工作领导小组办公室", notice.Issuer);

        // Demolished: the notice stays, saying where the case is now.
        _host.Time.Advance(TimeSpan.FromDays(30));
        await IssueAsync(id, "chenzhou-industryit", "demolished");
        var after = Assert.Single(await ListAsync(PublicList.SealedEquipment), e => e.CaseId == id);
        Assert.Equal("现场检查验收", after.Step);
        Assert.Equal(new DateOnly(2026, 1, 15), after.NoticedOn);
        Assert.Empty(await ListAsync(PublicList.SealedEquipment, 2025));

        // What an officer typed that is no web address is kept on the case but never made a link.
        var script = await SealedCaseAsync("郴州测试封存造纸二厂", "javascript:alert(1)");
        var unsafeNotice = await _host.InScopeAsync(sp => sp.GetRequiredService<PublicListService>().SealedEquipmentNoticeAsync(script, CancellationToken.None));
        Assert.Null(unsafeNotice!.Entry.GovernmentNoticeUrl);
    }

    [Fact]
    public async Task An_over_emitter_that_complied_leaves_the_over_emission_list_but_stays_in_the_census_which_a_withdrawn_case_leaves()
    {
        var restricted = await OpenAsync("chenzhou-environment", "郴州测试排污甲有限公司", "431023", "environment", "郴州市生态环境局", new() { ["orderPeriod"] = "P3M" });
        var serious = await OpenAsync("chenzhou-environment", "郴州测试排污乙有限公司", "431023", "environment", "郴州市生态环境局", new() { ["orderPeriod"] = "P3M" });
        var mistaken = await OpenAsync("chenzhou-environment", "郴州测试排污丙有限公司", "431023", "environment", "郴州市生态环境局", new() { ["orderPeriod"] = "P3M" });
        await IssueAsync(serious, "chenzhou-environment", "serious-violation", new() { ["reason"] = "超标五倍以上" });

        var list = await ListAsync(PublicList.OverEmission);
        Assert.Equal([serious, restricted, mistaken], list.Select(e => e.CaseId).Where(i => i == serious || i == restricted || i == mistaken).ToArray());
        Assert.True(list.Single(e => e.CaseId == serious).Serious);
        Assert.False(list.Single(e => e.CaseId == restricted).Serious);

        await IssueAsync(restricted, "chenzhou-environment", "reinspection-passed");
        await IssueAsync(mistaken, "chenzhou-environment", "withdraw", new() { ["reason"] = "企业名称录入错误" });
        Assert.DoesNotContain(await ListAsync(PublicList.OverEmission), e => e.CaseId == restricted || e.CaseId == mistaken);
        var census = await ListAsync(PublicList.Census);
        Assert.Contains(census, e => e.CaseId == restricted && e.Step == "达标排放");
        Assert.Contains(census, e => e.CaseId == serious);
        Assert.DoesNotContain(census, e => e.CaseId == mistaken);
        Assert.Empty(await ListAsync(PublicList.Census, 2025));
    }

    [Fact]
    public async Task A_target_reads_met_in_progress_or_missed_by_its_last_day()
    {
        var counties = new[] { "431002", "431003", "431021" };
        var ids = new List<int>();
        foreach (var code in counties)
        {
            ids.Add(await _host.ScalarAsync<int>("select id from capacity_exit.jurisdictions where code = @c", ("c", code)));
        }

        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            AnnualTarget Target(int county, string what, DateOnly due) => new()
            {
                JurisdictionId = county, Year = 2026, Description = what, Amount = 2m, Unit = "万吨/年", DueOn = due, SetBy = "chenzhou-office",
                SetAt = _host.Time.GetUtcNow(),
            };
            db.AnnualTargets.AddRange(Target(ids[0], "已退出的造纸", new DateOnly(2026, 12, 31)), Target(ids[1], "年内的水泥", new DateOnly(2026, 12, 31)),
                Target(ids[2], "期限已过的焦化", new DateOnly(2026, 1, 14)));
            await db.SaveChangesAsync();
            return true;
        });

        // 北湖区's 2 万吨/年 exits (an immediate demolition, accepted with the workers' plan on record).
        var exit = await OpenAsync("chenzhou-industryit", "郴州测试拆除造纸有限公司", "431002", "technology", "郴州市工业和信息化局",
            new() { ["demolitionDate"] = "2026-03-31" });
        await CompleteAsync(exit, "chenzhou-industryit", "demolishable", []);
        await IssueAsync(exit, "chenzhou-industryit", "demolished");
        var creditCode = await _host.ScalarAsync<string>(
            """
            select e.credit_code from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id
            join capacity_exit.enterprises e on e.id = i.enterprise_id where c.id = @id
            """, ("id", exit));
        await _host.InScopeAsync(async sp => await sp.GetRequiredService<Core.Measures.ExitSupportService>().RecordPlanAsync("chenzhou-office",
            new(creditCode, new Domain.Measures.ResettlementCounts(10, 4, 3, 2, 1), null), CancellationToken.None));
        await CompleteAsync(exit, "chenzhou-office", "accepted", new()
        {
            ["photosBefore"] = "前", ["photosDuring"] = "中", ["photosAfter"] = "后", ["acceptanceOpinion"] = "验收合格",
        });

        var lines = await _host.InScopeAsync(async sp =>
        {
            var lists = sp.GetRequiredService<PublicListService>();
            var city = await lists.CityAsync("431000", CancellationToken.None);
            return await lists.TargetsAsync(city.Id, 2026, new DateOnly(2026, 1, 15), CancellationToken.None);
        });
        Assert.Equal(TargetCompletion.Met, lines.Single(l => l.Description == "已退出的造纸").Completion);
        Assert.Equal(2m, lines.Single(l => l.Description == "已退出的造纸").ExitedByDue);
        Assert.Equal(TargetCompletion.InProgress, lines.Single(l => l.Description == "年内的水泥").Completion);
        Assert.Equal(TargetCompletion.Missed, lines.Single(l => l.Description == "期限已过的焦化").Completion);
    }
}
