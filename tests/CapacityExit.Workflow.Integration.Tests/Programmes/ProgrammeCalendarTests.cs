using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Programmes;

/// <summary>
/// The industry programmes over 2025-2026 (ProgrammeYears): for each seed profile the list of what happened, kept as a
/// readable expected file (Programmes/expected/PROFILE.programmes.txt, reviewed against the seeds; rewrite with
/// CAPEXIT_ACCEPT_PROGRAMME_CALENDAR=1), and the facts a person would check in it.
/// </summary>
public sealed class ProgrammeCalendarTests(ProgrammeYears years) : IClassFixture<ProgrammeYears>
{
    private static readonly string ExpectedRoot = Path.Combine(RepoPaths.Root, "tests", "CapacityExit.Workflow.Integration.Tests", "Programmes", "expected");

    [Theory]
    [InlineData("chenzhou-2017")]
    [InlineData("changchun-2017")]
    [InlineData("henan-2021")]
    [InlineData("zhanjiang-2021")]
    [InlineData("jiaxing-2011")]
    public async Task Each_profiles_two_years_are_as_recorded(string profile)
    {
        var actual = await years.JournalAsync(profile);
        var path = Path.Combine(ExpectedRoot, $"{profile}.programmes.txt");
        if (Environment.GetEnvironmentVariable("CAPEXIT_ACCEPT_PROGRAMME_CALENDAR") == "1")
        {
            Directory.CreateDirectory(ExpectedRoot);
            await File.WriteAllTextAsync(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no recorded journal {path}");
        Assert.Equal(await File.ReadAllTextAsync(path), actual);
    }

    [Fact]
    public async Task Every_clinker_line_stops_each_month_with_a_case_or_without_and_nothing_else_is_bound()
    {
        var (days, items) = await years.Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var rows = await db.KilnShutdowns.AsNoTracking().ToListAsync();
            return (rows.GroupBy(r => r.CapacityItemId).ToDictionary(g => g.Key, g => g.Select(r => r.Day).Order().ToList()), rows.Select(r => r.CapacityItemId).Distinct().Order().ToList());
        });
        Assert.Equal(new[] { years.DemoLine, years.SecondLine }.Order(), items);
        // The 15th of all 24 months, rest days included (15 February 2026 is the first day of the Spring Festival).
        Assert.Equal(24, days[years.SecondLine].Count);
        Assert.All(days[years.DemoLine], d => Assert.Equal(15, d.Day));
        Assert.Contains(new DateOnly(2026, 2, 15), days[years.DemoLine]);
    }

    [Fact]
    public async Task A_stop_nobody_confirms_becomes_the_bureaus_task_and_is_reminded_but_never_climbs_to_a_circulated_notice_or_summons_000_2_cement()
    {
        var task = await years.Host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().ProgrammeTasks.AsNoTracking().SingleAsync(t => t.Subject == $"kiln:{years.SecondLine}:2025-03-15"));
        // 15 March 2025 is a Saturday; the confirmation was due by Monday 17 March; the task opened on Tuesday 18.
        Assert.Equal((new DateOnly(2025, 3, 18), ProgrammeTaskStatus.Open), (task.OpenedOn, task.Status));
        // 倡导通过行业自律组织…每月固定时间断电停产 (000 §二 水泥): 郴州's profile keeps escalate: false — the overdue task is
        // reminded, and no 通报 or 约谈 names the bureau for it, however long it stays open.
        var steps = await years.Host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().EscalationSteps.AsNoTracking()
            .Where(s => s.Subject == ProgrammeJob.Subject(task)).Select(s => s.Step).ToListAsync());
        Assert.Contains("overdue-reminder", steps);
        Assert.DoesNotContain("circulated-notice", steps);
        Assert.DoesNotContain("interview-summons", steps);
        var notices = await years.Host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Set<IssuedNotice>().AsNoTracking()
            .Where(n => n.IssuedBy == ProgrammeJob.Actor && n.Body.Contains(task.Title)).CountAsync());
        Assert.Equal(0, notices);
    }

    [Fact]
    public async Task A_failed_re_check_opens_a_new_case_against_the_enterprise_linked_to_the_old_one()
    {
        var (old, follow, task) = await years.Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            return (await db.Cases.AsNoTracking().SingleAsync(c => c.Id == years.ZhanjiangQualityCase), await db.Cases.AsNoTracking().SingleAsync(c => c.Id == years.FollowUpCase),
                await db.ProgrammeTasks.AsNoTracking().SingleAsync(t => t.Id == years.RecheckFailedTask));
        });
        Assert.Equal((old.CapacityItemId, old.Standard, CaseStatus.Open, new DateOnly(2026, 4, 10)), (follow.CapacityItemId, follow.Standard, follow.Status, follow.FindingDate));
        Assert.Contains($"原案件{old.Id}", follow.LegalBasis);
        Assert.Equal((old.Id, (long?)follow.Id, new DateOnly(2026, 3, 31)), (task.CaseId!.Value, task.FollowUpCaseId, task.OpenedOn));
        var state = await years.Host.ScalarAsync<string>("select state from capacity_exit.workflow_instances where case_id = @id", ("id", follow.Id));
        Assert.False(string.IsNullOrEmpty(state)); // its workflow runs from the finding on, as any case's
    }

    [Fact]
    public async Task The_kiln_reminders_reach_the_enterprises_contact_the_bureau_and_the_power_supplier()
    {
        var messages = await years.Host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().Outbox.AsNoTracking()
            .Where(m => m.Kind == "programme-duty").OrderBy(m => m.Id).ToListAsync());
        messages = messages.Where(m => JsonSerializer.Deserialize<Dictionary<string, string>>(m.Data)!.GetValueOrDefault("day_iso") == "2026-12-15").ToList();
        Assert.NotEmpty(messages);
        var composed = new List<ComposedMail>();
        foreach (var m in messages)
        {
            composed.Add(await years.Host.InScopeAsync(sp => sp.GetRequiredService<IMailComposer>().ComposeAsync(m, CancellationToken.None)));
        }

        var to = composed.Select(c => string.Join(",", c.To.Select(a => a.Address))).ToList();
        Assert.Contains(to, t => t.Contains("second-cement@example.org"));
        Assert.Contains(to, t => t.Contains("industryit.chenzhou@example.org"));
        Assert.Contains(to, t => t == ProgrammeYears.PowerSupplierMailbox);
        // The power supplier's notice, 3 and 1 working days before: every clinker line, not the grinding station.
        var power = composed.Where(c => c.To.Any(a => a.Address == ProgrammeYears.PowerSupplierMailbox)).ToList();
        Assert.Equal(2, power.Count);
        Assert.All(power, p => Assert.StartsWith("【停电通知】2026年12月15日", p.Subject));
        Assert.All(power, p => Assert.Contains("5000吨/日新型干法水泥熟料生产线", p.TextBody));
        Assert.All(power, p => Assert.Contains("2500吨/日新型干法水泥熟料生产线", p.TextBody));
        Assert.All(power, p => Assert.DoesNotContain("水泥粉磨站", p.TextBody));
    }

    [Fact]
    public async Task Wrong_input_is_refused_with_what_and_why_and_changes_nothing()
    {
        var before = await years.Host.ScalarAsync<long>("select count(*) from capacity_exit.kiln_shutdowns where status = 'Confirmed'");
        var service = (Func<IServiceProvider, ProgrammeService>)(sp => sp.GetRequiredService<ProgrammeService>());
        var noEvidence = await Assert.ThrowsAsync<DomainValidationException>(() => years.Host.InScopeAsync(sp =>
            service(sp).ConfirmKilnStopAsync("chenzhou-county", new KilnConfirmation(years.SecondLine, new DateOnly(2026, 10, 15), "enterprise", " ", null), CancellationToken.None)));
        Assert.Contains(noEvidence.Errors, e => e.Field == "readings" && e.MessageZh.Contains("电表读数"));
        var notADay = await Assert.ThrowsAsync<DomainValidationException>(() => years.Host.InScopeAsync(sp =>
            service(sp).ConfirmKilnStopAsync("chenzhou-county", new KilnConfirmation(years.SecondLine, new DateOnly(2026, 10, 16), "enterprise", "100 kWh", null), CancellationToken.None)));
        Assert.Contains("不是郴州市的停产日", Assert.Single(notADay.Errors).MessageZh);
        var notTheirs = await Assert.ThrowsAsync<WorkflowRuleException>(() => years.Host.InScopeAsync(sp =>
            service(sp).ConfirmKilnStopAsync("chenzhou-environment", new KilnConfirmation(years.SecondLine, new DateOnly(2026, 10, 15), "enterprise", "100 kWh", null), CancellationToken.None)));
        Assert.Equal("role-not-allowed", notTheirs.Code);
        var badDays = await Assert.ThrowsAsync<DomainValidationException>(() => years.Host.InScopeAsync(sp =>
            service(sp).RecordCoalReportAsync("chenzhou-development", new CoalReportInput(years.Mine, 2026, 11, "2026-11-02\n2026-12-01"), CancellationToken.None)));
        Assert.Contains("第2行", Assert.Single(badDays.Errors).MessageZh);
        Assert.Equal(before, await years.Host.ScalarAsync<long>("select count(*) from capacity_exit.kiln_shutdowns where status = 'Confirmed'"));
    }
}
