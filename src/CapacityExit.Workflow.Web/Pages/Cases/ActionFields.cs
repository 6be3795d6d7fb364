using CapacityExit.Workflow.Core.Documents;

namespace CapacityExit.Workflow.Web.Pages.Cases;

public enum FieldInput
{
    Text,
    LongText,
    Date,
    Photos,
    File,
}

/// <summary>How a field a definition requires is asked for on a form: its label, hint and input.</summary>
public sealed record ActionField(string Name, string LabelZh, string LabelEn, FieldInput Input, string? HintZh = null, string? HintEn = null)
{
    public IReadOnlySet<DocumentKind> Accepts => Input == FieldInput.Photos ? UploadedFile.Photos : UploadedFile.Any;

    public bool IsUpload => Input is FieldInput.Photos or FieldInput.File;
}

/// <summary>
/// The form inputs of the fields the definitions name in <c>requires</c>. Only presentation lives here (label,
/// input type); whether a field is required and what it must hold is the definition's and the engine's to say.
/// </summary>
public static class ActionFields
{
    private static readonly Dictionary<string, ActionField> Known = new ActionField[]
    {
        new("reason", "理由", "Reason", FieldInput.LongText, "写明事实和依据", "the facts and the basis"),
        new("newLastDay", "批准的新截止日", "Approved new last day", FieldInput.Date, "自原期限末日起不超过3个月（如 2027-05-31）", "at most three months after the original last day (e.g. 2027-05-31)"),
        new("requestedLastDay", "申请延长至（日期）", "Extension asked until (date)", FieldInput.Date, "与“申请延长期限”二选一", "or give the period below"),
        new("requestedPeriod", "申请延长期限", "Extension period asked", FieldInput.Text, "如 P2M（2个月）、P3M（3个月）", "e.g. P2M (two months), P3M (three)"),
        new("documentRef", "企业申请文书文号", "The enterprise's application reference", FieldInput.Text, "如 示例〔2026〕12号", "e.g. 示例〔2026〕12号"),
        new("measures", "已落实的关停措施", "Closure measures carried out", FieldInput.LongText, "断电、断水、拆除动力装置、封存主体设备等", "power and water cut, power units removed, main equipment sealed"),
        new("photosBefore", "拆除前照片", "Photos before demolition", FieldInput.Photos, "JPEG 或 PNG，可多张", "JPEG or PNG, several allowed"),
        new("photosDuring", "拆除中照片", "Photos during demolition", FieldInput.Photos, "JPEG 或 PNG，可多张", "JPEG or PNG, several allowed"),
        new("photosAfter", "拆除后照片", "Photos after demolition", FieldInput.Photos, "JPEG 或 PNG，可多张", "JPEG or PNG, several allowed"),
        new("acceptanceOpinion", "书面验收意见", "Written acceptance opinion", FieldInput.File, "PDF、.docx 或扫描件（JPEG/PNG）", "PDF, .docx or a scan (JPEG/PNG)"),
        new("commitment", "企业不再恢复生产的公开承诺", "The enterprise's public commitment not to resume", FieldInput.File, "承诺书扫描件或 PDF", "a scan or PDF of the commitment"),
        new("noticeUrl", "政府网站公告地址", "Address of the notice on the government website", FieldInput.Text, "如 https://www.example.gov.cn/…", "e.g. https://www.example.gov.cn/…"),
        new("licencesRevoked", "吊销证照情况", "Licences revoked", FieldInput.LongText),
        new("permitCancellation", "注销生产许可证情况", "Production permit cancelled", FieldInput.LongText),
    }.ToDictionary(f => f.Name);

    /// <summary>The optional attachment every action form offers (an inspection record, a decision letter).</summary>
    public static readonly ActionField Attachment = new("attachment", "附件（可选）", "Attachment (optional)", FieldInput.File,
        "JPEG、PNG、PDF、.docx 或 .xlsx，不超过10MB", "JPEG, PNG, PDF, .docx or .xlsx, at most 10 MB");

    public static ActionField For(string name, string? titleFromDefinition = null) =>
        name == Attachment.Name ? Attachment with { LabelZh = "附件", LabelEn = "Attachment" }
        : Known.TryGetValue(name, out var f)
            ? titleFromDefinition is null ? f : f with { LabelZh = titleFromDefinition }
            : new ActionField(name, titleFromDefinition ?? name, name, FieldInput.Text);
}
