using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>A 约谈 and a 通报 as issued: the .docx in GB/T 9704 order, and the mail that carries it.</summary>
public sealed class NoticeDocumentTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_interview_summons_docx_reads_back_in_official_order_and_travels_attached()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var meeting = new DateTimeOffset(2026, 1, 22, 9, 30, 0, TimeSpan.FromHours(8));
        var (notice, mail) = await NoticeKit.RunAsync(_host, async kit =>
        {
            await using var tx = await kit.Db.Database.BeginTransactionAsync();
            var issued = await kit.Notices.IssueAsync(new NoticeRequest(MessageKinds.InterviewSummons, caseId, null, "郴州市工业和信息化局",
                "bureau-officer", "仍未督促企业完成整改", "chenzhou-office", meeting, "示例会议室（市政府大楼）", ["分管负责人", "节能科负责人"]), CancellationToken.None);
            await tx.CommitAsync();
            var row = await kit.Db.Outbox.SingleAsync(m => m.Kind == MessageKinds.InterviewSummons);
            return (issued, await kit.Drafter.DraftAsync(row, CancellationToken.None));
        });

        Assert.Equal("郴淘汰办〔2026〕1号", notice.DocumentNumber);
        var paragraphs = NoticeDocument.ReadParagraphs(notice.Docx);
        int At(Func<string, bool> match, int after)
        {
            var i = paragraphs.ToList().FindIndex(after + 1, p => match(p));
            Assert.True(i > after, $"expected after paragraph {after}: [{string.Join(" | ", paragraphs)}]");
            return i;
        }

        var mark = At(p => p == "郴州市淘汰落后产能工作领导小组办公室", -1);
        var number = At(p => p == "郴淘汰办〔2026〕1号", mark);
        var title = At(p => p == "关于约谈郴州市工业和信息化局的通知", number);
        var recipients = At(p => p == "郴州市工业和信息化局：", title);
        var body = At(p => p.Contains("郴州示例建材水泥有限公司", StringComparison.Ordinal) && p.Contains("能耗不达标", StringComparison.Ordinal), recipients);
        var when = At(p => p == "一、约谈时间：2026年1月22日09:30", body);
        At(p => p == "二、约谈地点：示例会议室（市政府大楼）", when);
        var who = At(p => p == "三、参加人员：分管负责人；节能科负责人", when);
        var signature = At(p => p == "郴州市淘汰落后产能工作领导小组办公室", who);
        var date = At(p => p == "2026年1月15日", signature);
        At(p => p == "抄送：郴州市人民政府，郴州市淘汰落后产能工作领导小组办公室。", date);

        using (var stream = new MemoryStream(notice.Docx))
        using (var document = WordprocessingDocument.Open(stream, false))
        {
            var first = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().First();
            Assert.Equal("FF0000", first.Descendants<Color>().Single().Val!.Value);
            Assert.Equal(JustificationValues.Center, first.Descendants<Justification>().Single().Val!.Value);
            Assert.Empty(new OpenXmlValidator().Validate(document));
        }

        Assert.Equal("郴淘汰办〔2026〕1号 关于约谈郴州市工业和信息化局的通知", mail.Subject);
        Assert.Contains("约谈", mail.Subject);
        Assert.Equal(["industryit.chenzhou@example.org", "chenzhou-industryit@example.org"], mail.To.Select(t => t.Address));
        Assert.Contains(mail.Cc, c => c.Address == "chenzhou-supervisor@example.org");
        Assert.Contains("三、参加人员：分管负责人；节能科负责人", mail.TextBody);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal(NoticeDocument.FileContentType, attachment.ContentType);
        Assert.Equal(notice.Docx, attachment.Content);
        Assert.EndsWith(".docx", attachment.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_circulated_notice_goes_to_every_member_unit_naming_the_laggard_region()
    {
        var county = await _host.InScopeAsync(sp => new NoticeKit(sp, _host).Db.Jurisdictions.Where(j => j.NameZh == "桂阳县").Select(j => j.Id).SingleAsync());
        var (notice, mail) = await NoticeKit.RunAsync(_host, async kit =>
        {
            await using var tx = await kit.Db.Database.BeginTransactionAsync();
            var issued = await kit.Notices.IssueAsync(new NoticeRequest(MessageKinds.CirculatedNotice, null, county, "桂阳县人民政府",
                "county-government", "未完成2025年度落后产能退出目标任务", "chenzhou-office"), CancellationToken.None);
            await tx.CommitAsync();
            return (issued, await kit.Drafter.DraftAsync(await kit.Db.Outbox.SingleAsync(m => m.Kind == MessageKinds.CirculatedNotice), CancellationToken.None));
        });

        Assert.Equal("关于桂阳县人民政府未完成2025年度落后产能退出目标任务的通报", notice.Title);
        Assert.Null(notice.CaseId);
        Assert.Contains("通报", mail.Subject);
        Assert.Equal(6, mail.To.Count);
        Assert.Contains("郴州市淘汰落后产能工作领导小组各成员单位：", mail.TextBody);
        Assert.Contains("桂阳县人民政府未完成2025年度落后产能退出目标任务。", NoticeDocument.ReadParagraphs(notice.Docx));
    }
}
