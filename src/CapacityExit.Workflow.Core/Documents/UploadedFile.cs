using System.IO.Compression;
using System.Security.Cryptography;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Documents;

/// <summary>The kinds of file a case accepts, each recognised by its content, never by its name or the browser's word.</summary>
public enum DocumentKind
{
    Jpeg,
    Png,
    Pdf,
    Docx,
    Xlsx,
}

/// <summary>An upload read into memory and checked: its kind found in the bytes, its hash, its cleaned name.</summary>
public sealed record UploadedFile(string FileName, DocumentKind Kind, byte[] Content, string Sha256)
{
    /// <summary>10 MiB: a scanned A4 page or a phone photo is far below; a video is not a case document.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    public static readonly IReadOnlySet<DocumentKind> Photos = new HashSet<DocumentKind> { DocumentKind.Jpeg, DocumentKind.Png };

    public static readonly IReadOnlySet<DocumentKind> Any = Enum.GetValues<DocumentKind>().ToHashSet();

    public string ContentType => Kind switch
    {
        DocumentKind.Jpeg => "image/jpeg",
        DocumentKind.Png => "image/png",
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>
    /// Reads and checks an upload for <paramref name="field"/>. Refuses, naming the field and why: an empty or
    /// over-large file, or content that is none of <paramref name="allowed"/> (a renamed executable is refused here).
    /// </summary>
    public static async Task<UploadedFile> ReadAsync(string field, string? fileName, Stream content, IReadOnlySet<DocumentKind> allowed,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw DomainValidationException.Single(field, $"文件超过{MaxBytes / 1024 / 1024}MB上限", $"the file is larger than {MaxBytes / 1024 / 1024} MB");
            }
        }

        return Of(field, fileName, buffer.ToArray(), allowed);
    }

    /// <summary>As <see cref="ReadAsync"/>, for bytes already in memory (an API file decoded from base64): checked, not copied.</summary>
    public static UploadedFile Of(string field, string? fileName, byte[] bytes, IReadOnlySet<DocumentKind> allowed)
    {
        if (bytes.Length > MaxBytes)
        {
            throw DomainValidationException.Single(field, $"文件超过{MaxBytes / 1024 / 1024}MB上限", $"the file is larger than {MaxBytes / 1024 / 1024} MB");
        }

        if (bytes.Length == 0)
        {
            throw DomainValidationException.Single(field, "文件为空", "the file is empty");
        }

        var kind = Detect(bytes);
        if (kind is null || !allowed.Contains(kind.Value))
        {
            var names = string.Join("、", allowed.Select(Label));
            throw DomainValidationException.Single(field, $"文件内容不是可接受的类型（只接受{names}，按文件内容判断而非文件名）",
                $"the content is not an accepted type ({string.Join(", ", allowed.Select(Label))}; judged by content, not by name)");
        }

        return new UploadedFile(CleanName(fileName, kind.Value), kind.Value, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static string Label(DocumentKind kind) => kind switch
    {
        DocumentKind.Jpeg => "JPEG",
        DocumentKind.Png => "PNG",
        DocumentKind.Pdf => "PDF",
        DocumentKind.Docx => ".docx",
        _ => ".xlsx",
    };

    /// <summary>Magic numbers; an Office file is a ZIP whose parts say which (word/ or xl/).</summary>
    public static DocumentKind? Detect(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return DocumentKind.Jpeg;
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return DocumentKind.Png;
        }

        if (b.StartsWith("%PDF-"u8))
        {
            return DocumentKind.Pdf;
        }

        return b.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) ? OfficeKind(b.ToArray()) : null;
    }

    private static DocumentKind? OfficeKind(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }

            return zip.GetEntry("word/document.xml") is not null ? DocumentKind.Docx
                : zip.GetEntry("xl/workbook.xml") is not null ? DocumentKind.Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The name without folders or control characters, at most 100 characters, with the extension its content has.</summary>
    private static string CleanName(string? fileName, DocumentKind kind)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => c >= ' ' && c is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|')).ToArray()).Trim();
        var stem = Path.GetFileNameWithoutExtension(name);
        if (stem.Length == 0)
        {
            stem = "附件";
        }

        if (stem.Length > 90)
        {
            stem = stem[..90];
        }

        return stem + kind switch
        {
            DocumentKind.Jpeg => ".jpg",
            DocumentKind.Png => ".png",
            DocumentKind.Pdf => ".pdf",
            DocumentKind.Docx => ".docx",
            _ => ".xlsx",
        };
    }
}
