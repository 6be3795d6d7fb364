using System.Text.Json;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>
/// The tests' stand-in for the template composer: a Chinese notice built from the row's data
/// (<c>to</c>, optional <c>toName</c>, <c>cc</c>, <c>bcc</c>, <c>enterprise</c>; <c>broken</c> makes it refuse).
/// </summary>
public sealed class ChineseTestComposer : IMailComposer
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string FromName = "郴州市淘汰落后产能工作领导小组办公室";

    public Task<ComposedMail> ComposeAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(message.Data) ?? [];
        if (data.ContainsKey("broken"))
        {
            throw new MailCompositionException($"模板 {message.TemplateId} 无法渲染：缺少字段 deadline");
        }

        var enterprise = data.GetValueOrDefault("enterprise", "郴州示例建材有限公司");
        var cc = data.TryGetValue("cc", out var c) ? new[] { new MailAddressee("郴州市发展和改革委员会", c) } : [];
        var bcc = data.TryGetValue("bcc", out var b) ? new[] { new MailAddressee("督查存档", b) } : [];
        return Task.FromResult(new ComposedMail(
            new MailAddressee(FromName, "office@chenzhou.example.cn"),
            [new MailAddressee(data.GetValueOrDefault("toName", "郴州市工业和信息化局 张科长"), data["to"])],
            cc,
            Subject(enterprise),
            Body(enterprise),
            $"<p>{Body(enterprise)}</p>",
            [new MailAttachmentContent(AttachmentName(enterprise), DocxType, Docx(message.MessageId))],
            bcc));
    }

    public static string Subject(string enterprise) => $"关于{enterprise}落后产能限期整改的通知（请于2026年7月15日前办结）";

    public static string Body(string enterprise) =>
        $"{enterprise}：\n经核查，你单位2×600吨/日水泥熟料生产线能耗超过《水泥单位产品能源消耗限额》（GB 16780）限定值，" +
        "请于六个月内完成整改，逾期未整改或经整改仍未达标的，依法予以关停。\n郴州市工业和信息化局\n2026年1月15日";

    public static string AttachmentName(string enterprise) => $"整改通知书（{enterprise}）.docx";

    /// <summary>A .docx-like file: a zip's signature, then bytes that cover every value, fixed per message.</summary>
    public static byte[] Docx(string seed)
    {
        var bytes = new byte[24 * 1024];
        new Random(seed.GetHashCode(StringComparison.Ordinal)).NextBytes(bytes);
        bytes[0] = (byte)'P';
        bytes[1] = (byte)'K';
        bytes[2] = 3;
        bytes[3] = 4;
        return bytes;
    }
}
