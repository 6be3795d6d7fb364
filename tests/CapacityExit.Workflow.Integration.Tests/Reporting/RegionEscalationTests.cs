using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Core.Obligations;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Reporting;

/// <summary>
/// 郴州's half-year report (000 §四.1: 每年7月…报市淘汰落后产能工作领导小组办公室, last day 31 July) and a county's
/// annual exit target: the region-escalation job reminds before the day, then climbs reminder → 通报 → 约谈, each
/// once, and stops when the report is filed or the capacity has exited.
/// </summary>
public sealed class RegionEscalationTests : IAsyncLifetime
{
    private const string Report = "half-year-report";
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task RunOn(int month, int day)
    {
        _host.Time.SetUtcNow(new DateTimeOffset(2026, month, day, 9, 40, 0, TimeSpan.FromHours(8)));
        await _host.Services.GetRequiredService<ObligationLadderJob>().RunForDayAsync(new DateOnly(2026, month, day), CancellationToken.None, ObligationKind.Report, ObligationKind.AnnualTarget);
    }

    private Task<T> In<T>(Func<CapacityExitDbContext, IServiceProvider, Task<T>> action) =>
        _host.InScopeAsync(sp => action(sp.GetRequiredService<CapacityExitDbContext>(), sp));

    /// <summary>
    /// On 20 July every filer of 郴州 has filed every report of 2025 and 2026 (early, for those not due yet), except the
    /// named counties their 2026 half-year report.
    /// </summary>
    private async Task<string?> FileAllExceptAsync(params string[] lateCounties)
    {
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 7, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        return await In(async (db, sp) =>
        {
            var late = await db.Jurisdictions.Where(j => lateCounties.Contains(j.Code)).Select(j => Filer.JurisdictionKey(j.Id)).ToListAsync();
            var obligations = sp.GetRequiredService<ReportObligations>();
            var service = sp.GetRequiredService<ReportingService>();
            foreach (var city in await obligations.CitiesAsync(CancellationToken.None))
            {
                foreach (var year in new[] { 2025, 2026 })
                {
                    var owed = await obligations.ForCityAsync(city, year, CancellationToken.None);
                    if (city.Code == "431000")
                    {
                        // 12 counties and zones and 5 bureaus owe it (各县市区及市直节能、环保、质监、安监部门).
                        Assert.Equal(17, owed.Count(o => o.Report.Name == Report));
                    }

                    foreach (var o in owed.Where(o => !(year == 2026 && o.Report.Name == Report && late.Contains(o.Filer.Key))))
                    {
                        await service.SubmitAsync($"{city.NameEn!.ToLowerInvariant()}-office", new ReportFiling(o.Report.Name, year, o.Filer.Key, "按期报送"), CancellationToken.None);
                    }
                }
            }

            return late.SingleOrDefault();
        });
    }

    private Task<List<EscalationStepRecord>> StepsAsync() => In((db, _) => db.EscalationSteps.OrderBy(s => s.Id).ToListAsync());

    [Fact]
    public async Task A_late_report_is_reminded_before_and_after_its_day_then_circulated_then_summoned_each_once()
    {
        var beihu = await FileAllExceptAsync("431002");
        Assert.NotNull(beihu);

        await RunOn(7, 22); // seven working days before 31 July
        await RunOn(7, 22); // a rerun the same day sends nothing twice
        await RunOn(8, 3);  // the first working day after: overdue reminder
        await RunOn(8, 7);  // five working days late, but only four since the reminder: the gap holds the 通报
        await RunOn(8, 10); // 通报
        await RunOn(8, 20); // fourteen working days late: not yet
        await RunOn(8, 21); // fifteen: 约谈
        await RunOn(9, 30); // the ladder ends at the interview

        var steps = await StepsAsync();
        Assert.Equal(["before-7", "overdue-reminder", "circulated-notice", "interview-summons"], steps.Select(s => s.Step).ToArray());
        var chenzhou = await In((db, _) => db.Jurisdictions.Where(j => j.Code == "431000").Select(j => j.Id).SingleAsync());
        Assert.All(steps, s => Assert.Equal($"report:{chenzhou}:{Report}:2026:{beihu}", s.Subject));
        Assert.Equal([new DateOnly(2026, 7, 22), new DateOnly(2026, 8, 3), new DateOnly(2026, 8, 10), new DateOnly(2026, 8, 21)], steps.Select(s => s.TakenOn).ToArray());

        var notices = await In((db, _) => db.Set<IssuedNotice>().OrderBy(n => n.Id).ToListAsync());
        Assert.Equal(["郴淘汰办〔2026〕1号", "郴淘汰办〔2026〕2号"], notices.Select(n => n.DocumentNumber).ToArray());
        Assert.Equal("关于北湖区人民政府未按期报送2026年“半年淘汰落后产能工作情况”的通报", notices[0].Title);
        Assert.Equal("北湖区人民政府", notices[1].Laggard);
        Assert.Equal(new DateTimeOffset(2026, 8, 28, 9, 30, 0, TimeSpan.FromHours(8)), notices[1].MeetingAt); // five working days on
        Assert.All(notices, n => Assert.Null(n.CaseId));
        Assert.Equal([notices[0].Id, notices[1].Id], steps.Where(s => s.NoticeId != null).Select(s => s.NoticeId!.Value).ToArray());

        // The reminders are mail to the county: its government's mailbox and its officer, saying 提醒 and the day.
        var reminders = await In((db, _) => db.Outbox.Where(m => m.Kind == "report-reminder").OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(2, reminders.Count);
        var before = await DraftAsync(reminders[0]);
        Assert.Equal("【提醒】北湖区2026年“半年淘汰落后产能工作情况”应于2026年7月31日前报送", before.Subject);
        Assert.Contains("government.431002@example.org", before.To.Select(t => t.Address));
        Assert.Contains("chenzhou-county@example.org", before.To.Select(t => t.Address));
        Assert.Contains("距期限最后一日（2026年7月31日）还有7个工作日", before.TextBody);
        var after = await DraftAsync(reminders[1]);
        Assert.Equal("【提醒】北湖区2026年“半年淘汰落后产能工作情况”已过报送期限（2026年7月31日）", after.Subject);
        Assert.Contains("已逾期1个工作日", after.TextBody);
        Assert.Contains("000 §四.1", after.TextBody);
    }

    [Fact]
    public async Task A_report_filed_late_stops_the_ladder_and_the_filer_files_only_for_itself()
    {
        await FileAllExceptAsync("431002");
        await RunOn(8, 3); // overdue reminder

        _host.Time.SetUtcNow(new DateTimeOffset(2026, 8, 5, 15, 0, 0, TimeSpan.FromHours(8)));
        var refused = await Assert.ThrowsAsync<WorkflowRuleException>(() => In((_, sp) =>
            sp.GetRequiredService<ReportingService>().SubmitAsync("chenzhou-environment", new ReportFiling(Report, 2026, null, null), CancellationToken.None)));
        Assert.Equal("only-once", refused.Code); // the bureau filed on 20 July already
        var filed = await In((_, sp) => sp.GetRequiredService<ReportingService>().SubmitAsync("chenzhou-county", new ReportFiling(Report, 2026, null, "迟报"), CancellationToken.None));
        Assert.Equal("chenzhou-county", filed.RecordedBy);

        await RunOn(8, 10);
        await RunOn(8, 21);

        Assert.Equal(["overdue-reminder"], (await StepsAsync()).Select(s => s.Step).ToArray());
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.issued_notices"));
    }

    [Fact]
    public async Task A_missed_annual_target_is_circulated_the_day_after_and_summoned_later_and_a_met_one_is_left_alone()
    {
        // A case in 苏仙区 that ended exited on 1 September: 1.5 万吨/年 of the county's capacity.
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var (countyCode, unit, amount) = await In(async (db, _) =>
        {
            var c = await db.Cases.Where(x => x.Id == caseId).Select(x => new { x.CapacityItem!.Enterprise!.County!.Code, x.CapacityItem.Unit, x.CapacityItem.Amount }).SingleAsync();
            return (c.Code, c.Unit, c.Amount);
        });
        await _host.ExecuteAsync("update capacity_exit.cases set status = 'Exited' where id = @id", ("id", caseId));
        await _host.ExecuteAsync("update capacity_exit.workflow_instances set state = 'exited', finished_at = '2026-09-01T02:00:00Z' where case_id = @id", ("id", caseId));

        await FileAllExceptAsync(); // no late report muddles the notices
        await In(async (_, sp) =>
        {
            var service = sp.GetRequiredService<ReportingService>();
            await service.SetTargetAsync("chenzhou-office", new TargetInput(countyCode, 2026, "超出已退出产能的目标", amount + 1, unit, new DateOnly(2026, 10, 31)), CancellationToken.None);
            await service.SetTargetAsync("chenzhou-office", new TargetInput(countyCode, 2026, "已退出产能以内的目标", amount, unit, new DateOnly(2026, 10, 31)), CancellationToken.None);
            return 0;
        });

        await RunOn(10, 30); // before the day: a target gets no reminder (no reminder cures a missed target)
        await RunOn(11, 2);  // the first working day after 31 October: 通报
        await RunOn(11, 26); // nineteen working days late: not yet
        await RunOn(11, 27); // twenty: 约谈
        await RunOn(11, 30); // the ladder ends at the interview

        var notices = await In((db, _) => db.Set<IssuedNotice>().OrderBy(n => n.Id).ToListAsync());
        Assert.Equal(["circulated-notice", "interview-summons"], notices.Select(n => n.Kind).ToArray());
        var county = await In((db, _) => db.Jurisdictions.SingleAsync(j => j.Code == countyCode));
        var a = amount.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var target = (amount + 1).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"关于{county.NameZh}人民政府未完成2026年度落后产能退出目标任务（超出已退出产能的目标{target}{unit}，至10月31日退出{a}{unit}）的通报", notices[0].Title);
        Assert.All(notices, n => Assert.Equal(county.Id, n.JurisdictionId));
        Assert.Equal([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 27)], notices.Select(n => n.IssuedOn).ToArray());
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.outbox_messages where kind = 'report-reminder'"));
        var progress = await In((_, sp) => sp.GetRequiredService<AnnualTargets>().ProgressAsync([2026], null, CancellationToken.None));
        Assert.Equal([false, true], progress.OrderBy(p => p.Target.Amount).Reverse().Select(p => p.MetByDue).ToArray());
    }

    [Fact]
    public async Task Bad_filings_and_targets_are_refused_with_their_reason_and_write_nothing()
    {
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 7, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var beihu = await In((db, _) => db.Jurisdictions.Where(j => j.Code == "431002").Select(j => Filer.JurisdictionKey(j.Id)).SingleAsync());
        var ecology = await In((db, _) => db.Bureaus.Where(b => b.NameZh == "郴州市生态环境局").Select(b => Filer.BureauKey(b.Id)).SingleAsync());

        async Task<string> Refusal(Func<ReportingService, Task> call)
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => In(async (_, sp) => { await call(sp.GetRequiredService<ReportingService>()); return 0; }));
            return e switch
            {
                DomainValidationException v => string.Join(" | ", v.Errors.Select(x => $"{x.Field}: {x.MessageZh}")),
                WorkflowRuleException r => $"[{r.Code}] {r.MessageZh}",
                _ => throw e,
            };
        }

        var ct = CancellationToken.None;
        Assert.Contains("没有名为“monthly”的报送事项（有：half-year-report、annual-report）", await Refusal(s => s.SubmitAsync("chenzhou-office", new("monthly", 2026, beihu, null), ct)));
        Assert.Contains("年度2027不在2016年（节假日日历所载首年）至今年（2026）之间", await Refusal(s => s.SubmitAsync("chenzhou-office", new(Report, 2027, beihu, null), ct)));
        // A year before the holiday calendar (its first year is 2016): its rolled last days cannot be counted, so the year
        // is refused by name, for a filing and for the list alike (it was a server error before).
        Assert.Contains("年度2005不在2016年（节假日日历所载首年）至今年（2026）之间", await Refusal(s => s.SubmitAsync("chenzhou-office", new(Report, 2005, beihu, null), ct)));
        Assert.Contains("year: 年度2005不在2016年至2028年之间", await Refusal(s => s.StatusForAsync("chenzhou-office", 2005, ct)));
        Assert.Contains("year: 年度2035不在2016年至2028年之间", await Refusal(s => s.StatusForAsync("chenzhou-office", 2035, ct)));
        Assert.Contains("“jurisdiction:999999”不承担郴州市“half-year-report”的报送", await Refusal(s => s.SubmitAsync("chenzhou-office", new(Report, 2026, "jurisdiction:999999", null), ct)));
        Assert.StartsWith("[role-not-allowed]", await Refusal(s => s.SubmitAsync("chenzhou-industryit", new(Report, 2026, ecology, null), ct)));
        Assert.StartsWith("[role-not-allowed]", await Refusal(s => s.SubmitAsync("chenzhou-auditor", new(Report, 2026, beihu, null), ct)));
        Assert.Contains("不承担湛江市“year-end-feedback”的报送", await Refusal(s => s.SubmitAsync("zhanjiang-office", new("year-end-feedback", 2026, beihu, null), ct)));
        Assert.Contains("没有登录名为“nobody”的用户", await Refusal(s => s.SubmitAsync("nobody", new(Report, 2026, beihu, null), ct)));
        Assert.Contains("note: 含有不可见的控制字符", await Refusal(s => s.SubmitAsync("chenzhou-county", new(Report, 2026, null, "a\0b"), ct)));
        Assert.Contains("说明过长", await Refusal(s => s.SubmitAsync("chenzhou-county", new(Report, 2026, null, new string('长', 2001)), ct)));

        Assert.Contains("amount: 目标产能-5应为正数", await Refusal(s => s.SetTargetAsync("chenzhou-office", new("431003", 2026, "水泥", -5m, "万吨/年", null), ct)));
        Assert.Contains("郴州市不是县（市、区）或开发区", await Refusal(s => s.SetTargetAsync("chenzhou-office", new("431000", 2026, "水泥", 5m, "万吨/年", null), ct)));
        Assert.Contains("完成期限2027-01-31不在2026年内", await Refusal(s => s.SetTargetAsync("chenzhou-office", new("431003", 2026, "水泥", 5m, "万吨/年", new DateOnly(2027, 1, 31)), ct)));
        Assert.Contains("没有代码为999999的县", await Refusal(s => s.SetTargetAsync("chenzhou-office", new("999999", 2026, "水泥", 5m, "万吨/年", null), ct)));
        Assert.StartsWith("[role-not-allowed]", await Refusal(s => s.SetTargetAsync("chenzhou-industryit", new("431003", 2026, "水泥", 5m, "万吨/年", null), ct)));
        Assert.StartsWith("[role-not-allowed]", await Refusal(s => s.SetTargetAsync("zhengzhou-office", new("431003", 2026, "水泥", 5m, "万吨/年", null), ct)));
        var several = await Refusal(s => s.SetTargetAsync("chenzhou-office", new("431003", 2030, "", 0m, "", null), ct));
        Assert.Equal(["amount", "description", "unit", "year"], several.Split(" | ").Select(x => x.Split(':')[0]).Order().ToArray()); // all at once

        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.report_submissions"));
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.annual_targets"));
    }

    private Task<MailDraft> DraftAsync(OutboxMessage message) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<TemplateMailDrafter>().DraftAsync(message, CancellationToken.None));
}
