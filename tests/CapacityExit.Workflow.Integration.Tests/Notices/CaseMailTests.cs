using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>Real outbox rows from the engine become Chinese mails naming the case's facts, with the right recipients.</summary>
public sealed class CaseMailTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static DateTimeOffset Shanghai(int y, int m, int d, int hour = 10) => new(y, m, d, hour, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_reminder_names_enterprise_capacity_standard_deadline_explanation_and_link()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(Shanghai(2026, 7, 1));
        await _host.Dispatcher("test-host").DrainAsync(CancellationToken.None);

        var mail = await NoticeKit.RunAsync(_host, async kit =>
        {
            var reminder = await kit.Db.Outbox.Where(m => m.CaseId == caseId && m.Kind == "reminder").OrderBy(m => m.Id).FirstAsync();
            return await kit.Drafter.DraftAsync(reminder, CancellationToken.None);
        });

        var expected = new DeadlineCalculator(WorkflowFileReader.LoadCalendar(Path.Combine(RepoPaths.Root, "workflows", "calendar", "cn-holidays.txt")))
            .Compute(new DateOnly(2026, 1, 15), PeriodExpression.Parse("P6M")).ExplainZh();
        Assert.StartsWith("【提醒】郴州示例建材水泥有限公司 2500吨/日新型干法水泥熟料生产线（能耗）", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("2026年7月15日", mail.Subject);
        Assert.Contains("产能 77.5 万吨/年", mail.TextBody);
        Assert.Contains("能耗不达标", mail.TextBody);
        Assert.Contains("期限计算：" + expected, mail.TextBody);
        Assert.Contains($"案件链接：http://127.0.0.1:5080/cases/{caseId}", mail.TextBody);
        Assert.Contains("测试依据", mail.TextBody);
        Assert.Equal(["industryit.chenzhou@example.org", "chenzhou-industryit@example.org"], mail.To.Select(t => t.Address));
        Assert.Equal("郴州市工业和信息化局", mail.To[0].DisplayName);
        Assert.Empty(mail.Cc);
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public async Task A_passed_deadline_copies_the_leading_group_office_and_an_unknown_role_is_a_recorded_refusal()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(Shanghai(2026, 7, 16, 9));
        await _host.Dispatcher("test-host").DrainAsync(CancellationToken.None);

        var (passed, refusal) = await NoticeKit.RunAsync(_host, async kit =>
        {
            var row = await kit.Db.Outbox.SingleAsync(m => m.CaseId == caseId && m.Kind == "deadline-passed");
            var mail = await kit.Drafter.DraftAsync(row, CancellationToken.None);
            var stray = new OutboxMessage
            {
                CaseId = caseId, Kind = "notice", RecipientRole = "mayor", TemplateId = "energy/overdue", Data = "{}", MessageId = "<stray@example.org>",
            };
            var e = await Assert.ThrowsAsync<MailCompositionException>(() => kit.Drafter.DraftAsync(stray, CancellationToken.None));
            return (mail, e.Message);
        });

        Assert.StartsWith("【逾期】", passed.Subject, StringComparison.Ordinal);
        Assert.Contains("整改期限届满", passed.TextBody);
        Assert.Equal(["leadinggroupoffice.chenzhou@example.org", "chenzhou-office@example.org"], passed.Cc.Select(c => c.Address));
        Assert.Contains("未知的收件角色 'mayor'", refusal);
    }

    [Theory]
    [InlineData("https://tth.example.gov.cn", "https://tth.example.gov.cn/cases/7")]
    [InlineData("https://tth.example.gov.cn/backoffice/", "https://tth.example.gov.cn/backoffice/cases/7")]
    [InlineData("", "http://127.0.0.1:5080/cases/7")]
    public void Case_links_lead_to_the_case_page_under_the_configured_base_address(string setting, string link)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PublicLinks.Key] = setting }).Build();
        Assert.Equal(link, PublicLinks.From(configuration).Case(7));
    }

    [Fact]
    public async Task An_extension_into_an_uncovered_year_is_said_to_be_provisional_in_the_recipient_s_language_never_as_an_error()
    {
        // Found 2026-09-01: the last day 2027-03-01 and the approved 2027-05-31 fall in a year the calendar does not cover yet.
        _host.Time.SetUtcNow(Shanghai(2026, 9, 2));
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 9, 1), "郴州市工业和信息化局");
        await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>()
            .IssueAsync(caseId, "chenzhou-industryit", "request-extension", TestWorkflows.ExtensionRequest("2027-05-31"), CancellationToken.None));
        await _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>()
            .IssueAsync(caseId, "chenzhou-supervisor", "approve-extension", new Dictionary<string, string> { ["newLastDay"] = "2027-05-31" }, CancellationToken.None));

        var (zh, en) = await NoticeKit.RunAsync(_host, async kit =>
        {
            var row = await kit.Db.Outbox.SingleAsync(m => m.CaseId == caseId && m.Kind == "notice" && m.RecipientRole == "leading-group-office");
            var english = new TemplateMailDrafter(kit.Db, kit.Directory, kit.Models, kit.Templates, kit.Notices,
                new ComposerOptions(new MailRecipient("Platform", "noreply@example.org"), "en"));
            return (await kit.Drafter.DraftAsync(row, CancellationToken.None), await english.DraftAsync(row, CancellationToken.None));
        });

        Assert.Contains("暂定：2027年放假安排尚未录入", zh.TextBody);
        Assert.Contains("provisional: no holiday arrangement for 2027 yet", en.TextBody);
        foreach (var body in new[] { zh.TextBody, en.TextBody })
        {
            Assert.DoesNotContain("无法计算期间", body);
            Assert.DoesNotContain("does not cover", body);
        }

        Assert.DoesNotContain("暂定", en.TextBody);
    }
}
