namespace CapacityExit.Workflow.Core.Mail;

/// <summary>
/// An attachment's file name as the reader will save it: the whole title kept, and each character a file system
/// refuses (Windows: \ / : * ? " &lt; &gt; |, and control characters) written as its full-width form, which Chinese
/// titles use anyway (万吨/年 → 万吨／年), so the name still reads as the title.
/// </summary>
public static class AttachmentNames
{
    public static string Safe(string name)
    {
        var chars = name.Select(c => c switch
        {
            // The ASCII forms map to U+FF01..U+FF5E at a fixed offset.
            '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' => (char)(c - 0x21 + 0xFF01),
            _ when char.IsControl(c) => ' ',
            _ => c,
        }).ToArray();
        var safe = new string(chars).Trim().TrimEnd('.');
        return safe.Length == 0 ? "attachment" : safe;
    }
}
