using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>
/// The capacity-replacement ledger on the real PostgreSQL (000 §三.1, 004 §五.(四) and §六.(二)): capacity drawn in full is
/// never drawn again, even by two offices at the same moment; only accepted exits can be drawn; a county that missed its
/// annual target has its plans refused with the target named. Each test works in its own county of 郴州 (ratio 1.25 for steel).
/// </summary>
public sealed class ReplacementLedgerTests : IClassFixture<MeasureHost>
{
    private readonly WorkflowTestHost _host;

    public ReplacementLedgerTests(MeasureHost fixture) => _host = fixture.Host;

    private Task<ReplacementPlan> PlanAsync(string county, decimal newCapacity, params LedgerDraw[] draws) => _host.InScopeAsync(sp =>
        sp.GetRequiredService<ReplacementService>().PlanAsync("chenzhou-office",
            new PlanInput("示例钢铁技改项目", "示例新建钢铁有限公司", county, "钢铁", newCapacity, "万吨/年", draws, "郴发改〔2026〕1号"), CancellationToken.None));

    private Task<long> CountAsync(string table) => _host.ScalarAsync<long>($"select count(*) from capacity_exit.{table}");

    [Fact]
    public async Task Two_plans_drawing_the_same_last_tonnes_at_once_end_with_exactly_one_accepted()
    {
        var exited = await MeasureKit.ExitedAsync(_host, "431021", Industry.Steel, 40m, "万吨/年", "示例退出钢铁甲公司");

        // 32 new × 1.25 (郴州's ratio for steel) = 40: each plan needs all of it.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (Plan: await PlanAsync("431021", 32m, new LedgerDraw(exited.ItemId, 40m)), Error: (Exception?)null);
            }
            catch (Exception e) when (e is WorkflowRuleException or DomainValidationException)
            {
                return (Plan: (ReplacementPlan?)null, Error: e);
            }
        })));

        Assert.Single(outcomes, o => o.Plan is not null);
        var refusal = Assert.Single(outcomes, o => o.Error is not null).Error!;
        Assert.Contains("示例退出钢铁甲公司测试生产线", refusal is WorkflowRuleException w ? w.MessageZh : ((DomainValidationException)refusal).Errors[0].MessageZh);
        Assert.Equal(40m, await _host.ScalarAsync<decimal>("select drawn from capacity_exit.replacement_ledger where capacity_item_id = @id", ("id", exited.ItemId)));
        Assert.Equal(1L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.replacement_draws where capacity_item_id = @id", ("id", exited.ItemId)));
    }

    [Fact]
    public async Task The_database_refuses_the_second_of_two_open_transactions_that_both_passed_the_check()
    {
        var exited = await MeasureKit.ExitedAsync(_host, "431022", Industry.Steel, 10m, "万吨/年", "示例退出钢铁乙公司");
        var plansBefore = await CountAsync("replacement_plans");

        // Office A has drawn the whole item in a transaction it has not committed yet.
        await using var dataSource = NpgsqlDataSource.Create(_host.Database.ConnectionString);
        await using var a = await dataSource.OpenConnectionAsync();
        await using var transactionA = await a.BeginTransactionAsync();
        Assert.True(await ReplacementService.DrawAsync(a, transactionA, new LedgerDraw(exited.ItemId, 10m), _host.Time.GetUtcNow(), CancellationToken.None));

        // Office B's plan reads the ledger (A's draw is invisible to it, so the code's check passes) and then waits on A's row.
        var b = Task.Run(() => PlanAsync("431022", 8m, new LedgerDraw(exited.ItemId, 10m)));
        for (var i = 0; i < 200 && await _host.ScalarAsync<long>("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") == 0 && !b.IsCompleted; i++)
        {
            await Task.Delay(50);
        }

        Assert.False(b.IsCompleted, "office B should be waiting on office A's row lock");
        await transactionA.CommitAsync();

        var refused = await Assert.ThrowsAsync<WorkflowRuleException>(() => b);
        Assert.Equal("capacity-already-drawn", refused.Code);
        Assert.Contains("不得重复使用", refused.MessageZh);
        Assert.Equal(plansBefore, await CountAsync("replacement_plans"));
        Assert.Equal(10m, await _host.ScalarAsync<decimal>("select drawn from capacity_exit.replacement_ledger where capacity_item_id = @id", ("id", exited.ItemId)));

        // And no statement can push it past its amount, whoever writes it.
        var overdraw = await Assert.ThrowsAsync<PostgresException>(() =>
            _host.ExecuteAsync("update capacity_exit.replacement_ledger set drawn = drawn + 0.001 where capacity_item_id = @id", ("id", exited.ItemId)));
        Assert.Equal(ReplacementService.ConstraintName, overdraw.ConstraintName);
    }

    [Fact]
    public async Task A_plan_draws_across_items_at_the_ratio_and_the_ledger_shows_what_is_left()
    {
        var first = await MeasureKit.ExitedAsync(_host, "431023", Industry.Steel, 30m, "万吨/年", "示例退出钢铁丙公司");
        var second = await MeasureKit.ExitedAsync(_host, "431023", Industry.Steel, 30m, "万吨/年", "示例退出钢铁丁公司");

        var tooLittle = await Assert.ThrowsAsync<DomainValidationException>(() => PlanAsync("431023", 40m, new LedgerDraw(first.ItemId, 30m), new LedgerDraw(second.ItemId, 19.999m)));
        Assert.Contains("少于应置换的50万吨/年（新建40×置换比例1.25）", Assert.Single(tooLittle.Errors).MessageZh);

        var plan = await PlanAsync("431023", 40m, new LedgerDraw(first.ItemId, 30m), new LedgerDraw(second.ItemId, 20m));
        Assert.Equal((50m, 50m, 1.25m), (plan.Required, plan.Drawn, plan.Ratio));

        var ledger = await _host.InScopeAsync(sp => sp.GetRequiredService<ReplacementService>().LedgerAsync("chenzhou-office", CancellationToken.None));
        Assert.Equal(0m, ledger.Single(r => r.CapacityItemId == first.ItemId).Free);
        var rest = ledger.Single(r => r.CapacityItemId == second.ItemId);
        Assert.Equal(10m, rest.Free);
        Assert.Equal([plan.Id], rest.PlanIds);

        var shown = Assert.Single(await _host.InScopeAsync(sp => sp.GetRequiredService<ReplacementService>().PlansAsync("chenzhou-office", plan.Id, CancellationToken.None)));
        Assert.Equal(["示例退出钢铁丙公司 测试生产线", "示例退出钢铁丁公司 测试生产线"], shown.Draws.Select(d => d.Label).ToArray());
        Assert.Equal("永兴县", shown.County);

        // The item drawn in full can never be drawn again, by any plan.
        var again = await Assert.ThrowsAsync<DomainValidationException>(() => PlanAsync("431023", 8m, new LedgerDraw(first.ItemId, 10m)));
        Assert.Contains("尚余0万吨/年，不足10", Assert.Single(again.Errors).MessageZh);
    }

    [Fact]
    public async Task Only_capacity_whose_exit_is_accepted_can_be_drawn()
    {
        var open = await MeasureKit.OpenAsync(_host, "431024", Industry.Steel, 20m, "万吨/年", "示例在办钢铁公司");
        var plansBefore = await CountAsync("replacement_plans");

        var refused = await Assert.ThrowsAsync<DomainValidationException>(() => PlanAsync("431024", 8m, new LedgerDraw(open.ItemId, 10m)));

        Assert.Contains("尚未通过退出验收（先淘汰、后审批）", Assert.Single(refused.Errors).MessageZh);
        Assert.Equal(plansBefore, await CountAsync("replacement_plans"));
        // The database says the same: the draw statement inserts nothing for capacity without an accepted exit.
        await using var connection = new NpgsqlConnection(_host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.False(await ReplacementService.DrawAsync(connection, transaction, new LedgerDraw(open.ItemId, 1m), _host.Time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task A_plan_of_a_county_that_missed_its_annual_target_is_refused_naming_the_target_until_it_is_met()
    {
        var exited = await MeasureKit.ExitedAsync(_host, "431025", Industry.Steel, 40m, "万吨/年", "示例退出钢铁戊公司");
        // 临武县's 2025 target: 5 万重量箱/年 of flat glass by 2025-12-31; on 2026-01-15 nothing of it has exited.
        await _host.InScopeAsync(sp => sp.GetRequiredService<ReportingService>().SetTargetAsync("chenzhou-office",
            new TargetInput("431025", 2025, "淘汰平板玻璃落后产能", 5m, "万重量箱/年", new DateOnly(2025, 12, 31)), CancellationToken.None));
        var plansBefore = await CountAsync("replacement_plans");

        var barred = await Assert.ThrowsAsync<WorkflowRuleException>(() => PlanAsync("431025", 8m, new LedgerDraw(exited.ItemId, 10m)));

        Assert.Equal("project-ban", barred.Code);
        Assert.Contains("临武县未完成2025年度淘汰落后产能目标任务“淘汰平板玻璃落后产能”（目标5万重量箱/年，期限2025年12月31日，已退出0万重量箱/年），实行项目限批", barred.MessageZh);
        Assert.Equal(plansBefore, await CountAsync("replacement_plans"));
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.replacement_ledger where capacity_item_id = @id", ("id", exited.ItemId)));

        // Once the county's cases have exited the target's capacity, the bar lifts.
        await MeasureKit.ExitedAsync(_host, "431025", Industry.FlatGlass, 5m, "万重量箱/年", "示例退出玻璃公司", new DateTimeOffset(2026, 1, 10, 2, 0, 0, TimeSpan.Zero));
        var plan = await PlanAsync("431025", 8m, new LedgerDraw(exited.ItemId, 10m));
        Assert.True(plan.Id > 0);
    }
}
