using System.Text;
using CapacityExit.Workflow.Core.Templates;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>The parts of a notice in the order GB/T 9704-2012 lays them out.</summary>
public sealed record NoticeText(
    string IssuerMark, string DocumentNumber, string Title, string MainRecipients, IReadOnlyList<string> Body,
    string Signature, DateOnly Date, IReadOnlyList<string> CopyTo)
{
    /// <summary>The same document as a mail body: the .docx is attached as the formal copy.</summary>
    public string ToPlainText()
    {
        var text = new StringBuilder();
        text.AppendLine(IssuerMark).AppendLine(DocumentNumber).AppendLine().AppendLine(Title).AppendLine()
            .AppendLine(MainRecipients + "：").AppendLine();
        foreach (var paragraph in Body)
        {
            text.AppendLine("　　" + paragraph);
        }

        text.AppendLine().AppendLine(Signature).AppendLine(MailModel.Zh(Date));
        if (CopyTo.Count > 0)
        {
            text.AppendLine().AppendLine("抄送：" + string.Join("，", CopyTo) + "。");
        }

        return text.AppendLine().AppendLine("（正式文件见附件。）").ToString();
    }
}

/// <summary>
/// Writes a notice as a .docx in the layout of Chinese official documents (GB/T 9704-2012 党政机关公文格式):
/// A4, margins 37/35/28/26 mm (§5.2.1); 发文机关标志 in red 小标宋 centred (§7.2.1); 发文字号 centred under it,
/// then the red separator line (§7.2.4, §7.2.6); 标题 in 二号小标宋 centred (§7.3.1); 主送机关 flush left (§7.3.2);
/// 正文 in 三号仿宋 indented two characters (§7.3.3); 发文机关署名 and 成文日期 on the right, the date four
/// characters in from the margin (§7.3.5.1); 抄送 in the 版记 (§7.4.1).
/// </summary>
public static class NoticeDocument
{
    public const string FileContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Red = "FF0000";
    private const string SongTi = "方正小标宋简体";
    private const string FangSong = "仿宋_GB2312";
    private const int Size3 = 32;  // 三号 16 pt, in half-points
    private const int Size2 = 44;  // 二号 22 pt

    public static byte[] Build(NoticeText notice)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(notice.IssuerMark, SongTi, Size2, JustificationValues.Center, color: Red, bold: true, spaceAfter: 480));
            body.Append(Paragraph(notice.DocumentNumber, FangSong, Size3, JustificationValues.Center, redRuleBelow: true, spaceAfter: 480));
            body.Append(Paragraph(notice.Title, SongTi, Size2, JustificationValues.Center, spaceAfter: 480));
            body.Append(Paragraph(notice.MainRecipients + "：", FangSong, Size3, JustificationValues.Left));
            foreach (var paragraph in notice.Body)
            {
                body.Append(Paragraph(paragraph, FangSong, Size3, JustificationValues.Both, firstLineChars: 200));
            }

            body.Append(Paragraph(notice.Signature, FangSong, Size3, JustificationValues.Right, rightChars: 400, spaceBefore: 960));
            body.Append(Paragraph(MailModel.Zh(notice.Date), FangSong, Size3, JustificationValues.Right, rightChars: 400));
            if (notice.CopyTo.Count > 0)
            {
                body.Append(Paragraph("抄送：" + string.Join("，", notice.CopyTo) + "。", FangSong, 28, JustificationValues.Left, spaceBefore: 960));
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U }, // A4
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>The text of each paragraph, in order: what a reader of the .docx sees.</summary>
    public static IReadOnlyList<string> ReadParagraphs(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        return document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, JustificationValues justification, string? color = null,
        bool bold = false, bool redRuleBelow = false, int firstLineChars = 0, int rightChars = 0, int spaceBefore = 0, int spaceAfter = 0)
    {
        // Child order follows the schema (CT_PPr: pBdr, spacing, ind, jc; CT_RPr: rFonts, b, color, sz, szCs):
        // Word refuses to open a file whose elements are out of order.
        var properties = new ParagraphProperties();
        if (redRuleBelow)
        {
            properties.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 12U, Color = Red, Space = 6U }));
        }

        properties.Append(new SpacingBetweenLines { Before = spaceBefore.ToString(), After = spaceAfter.ToString(), Line = "560", LineRule = LineSpacingRuleValues.Exact });
        if (firstLineChars > 0 || rightChars > 0)
        {
            properties.Append(new Indentation
            {
                FirstLineChars = firstLineChars > 0 ? firstLineChars : null,
                RightChars = rightChars > 0 ? rightChars : null,
            });
        }

        properties.Append(new Justification { Val = justification });
        var runProperties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        if (bold)
        {
            runProperties.Append(new Bold());
        }

        if (color is not null)
        {
            runProperties.Append(new Color { Val = color });
        }

        runProperties.Append(new FontSize { Val = halfPoints.ToString() }, new FontSizeComplexScript { Val = halfPoints.ToString() });
        return new Paragraph(properties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
