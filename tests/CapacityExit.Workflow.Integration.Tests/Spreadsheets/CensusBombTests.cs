using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Spreadsheets;

/// <summary>
/// A census (摸排) upload is a ZIP: a small file that unpacks to far more than any census (a "zip bomb", in the sheet or
/// in sharedStrings.xml) is refused with the limit named, in Chinese and English,
/// through the CLI as on the page, after reading no more than the limit; and a sheet of more rows than one import takes
/// is refused at the row after the limit; a bomb whose ZIP headers understate its size is read only as far as they
/// say (.NET's reader stops there) and refused as unreadable. Nothing is written. The bombs are built here, each a few hundred kilobytes
/// written through a deflater a megabyte at a time (never gigabytes in memory).
/// </summary>
[Collection("cli-environment")]
public sealed class CensusBombTests : IAsyncLifetime
{
    private const string Office = "chenzhou-office";
    private static readonly long BombBytes = CensusImport.MaxUnpackedBytes * 3; // well past the cap, ~200 KB compressed

    private readonly WorkflowTestHost _host = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("capexit-census-bomb-").FullName;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _host.Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string> Bombs => new() { "sheet", "sharedStrings" };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_workbook_that_unpacks_past_the_cap_is_refused_with_the_limit_named_and_nothing_is_written(string bomb)
    {
        var file = Workbook(sheetFiller: bomb.StartsWith("sheet", StringComparison.Ordinal) ? BombBytes : 0,
            stringsFiller: bomb.StartsWith("sharedStrings", StringComparison.Ordinal) ? BombBytes : 0, lyingHeaders: false);
        Assert.True(file.Length < 2 * 1024 * 1024, $"the {bomb} bomb is {file.Length} bytes: not a small upload");
        var before = await WritesAsync();

        var (code, error) = await ImportAsync(file);

        Assert.Equal(1, code);
        Assert.Contains($"表格解压后超过{CensusImport.MaxUnpackedBytes / 1024 / 1024}MB的上限（一次最多导入{CensusImport.MaxRows}行），未导入任何数据", error);
        Assert.Contains($"the workbook unpacks to more than {CensusImport.MaxUnpackedBytes / 1024 / 1024} MB, the limit", error);
        Assert.Equal(before, await WritesAsync());
    }

    [Fact]
    public async Task The_same_workbook_under_the_cap_is_read_and_its_rows_checked()
    {
        // The hand-built workbook is a real one: small, its rows are read and refused for what they say, not for their size.
        var (code, error) = await ImportAsync(Workbook(sheetFiller: 1024 * 1024, stringsFiller: 1024 * 1024, lyingHeaders: false));

        Assert.Equal(1, code);
        Assert.Contains("没有这个部门，或您不能为该部门立案", error);
        Assert.DoesNotContain("解压后超过", error);
    }

    [Fact]
    public async Task A_sheet_of_more_rows_than_one_import_takes_is_refused_at_the_row_after_the_limit()
    {
        var before = await WritesAsync();
        var rows = CensusImport.MaxRows + 500;

        var (code, error) = await ImportAsync(Workbook(sheetFiller: 0, stringsFiller: 0, lyingHeaders: false, rows: rows));

        Assert.Equal(1, code);
        Assert.Contains($"{CensusImport.MaxRows + 2}\t\t\t一次最多导入{CensusImport.MaxRows}行，未导入任何数据；请分批导入（at most {CensusImport.MaxRows} rows at a time", error);
        Assert.Equal(before, await WritesAsync());
    }

    [Theory]
    [InlineData("sheet")]
    [InlineData("sharedStrings")]
    public async Task A_bomb_whose_headers_understate_its_size_is_read_only_as_far_as_they_say_and_refused_as_unreadable(string part)
    {
        // .NET's ZIP reader gives no more of a part than its headers declare: the bomb comes out cut short, never whole.
        var file = Workbook(sheetFiller: part == "sheet" ? BombBytes : 0, stringsFiller: part == "sharedStrings" ? BombBytes : 0, lyingHeaders: true);
        using (var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read))
        {
            Assert.True(zip.Entries.Sum(e => e.Length) < 64 * 1024, "the headers do not understate the sizes");
        }

        Assert.True(WorkbookBounds.EnsureUnpackedWithin(file, CensusImport.MaxUnpackedBytes) < 64 * 1024);
        var before = await WritesAsync();

        var (code, error) = await ImportAsync(file);

        Assert.Equal(1, code);
        Assert.Contains("1\t\t\t文件无法读取为 .xlsx 表格（the file cannot be read as an .xlsx sheet", error);
        Assert.Equal(before, await WritesAsync());
    }

    private async Task<(long Enterprises, long Cases)> WritesAsync() =>
        (await _host.ScalarAsync<long>("select count(*) from capacity_exit.enterprises"), await _host.ScalarAsync<long>("select count(*) from capacity_exit.cases"));

    private async Task<(int Code, string Error)> ImportAsync(byte[] file)
    {
        var path = Path.Combine(_folder, $"census-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, file);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["import", "census", path, "--as", Office], new CliContext(output, error, _host.Time, () => RepoPaths.Root));
        return (code, error.ToString());
    }

    /// <summary>
    /// A workbook as Excel writes one: the census headers from sharedStrings.xml, then <paramref name="rows"/> rows, then
    /// <paramref name="sheetFiller"/> bytes of more rows in the sheet and <paramref name="stringsFiller"/> bytes of strings in
    /// sharedStrings.xml; with <paramref name="lyingHeaders"/> every part's ZIP headers declare 1 KB.
    /// </summary>
    private static byte[] Workbook(long sheetFiller, long stringsFiller, bool lyingHeaders, int rows = 1)
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Part(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="摸排" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part(zip, "xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");

            var header = string.Concat(CensusImport.Columns.Select((_, i) => $"""<c r="{Column(i)}1" t="s"><v>{i}</v></c>"""));
            var row = string.Concat(CensusImport.Columns.Select((c, i) => $"""<c t="inlineStr"><is><t>{(c == CensusImport.Bureau ? "不存在的部门" : "x")}</t></is></c>"""));
            Part(zip, "xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{main}"><sheetData><row r="1">{header}</row>""",
                Enumerable.Range(2, rows).Select(n => $"<row r=\"{n}\">{row}</row>"), "<row>" + row + "</row>", sheetFiller, "</sheetData></worksheet>");
            Part(zip, "xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{main}">{string.Concat(CensusImport.Columns.Select(c => $"<si><t>{c}</t></si>"))}""",
                [], "<si><t>摸排填充摸排填充摸排填充摸排填充</t></si>", stringsFiller, "</sst>");
        }

        var bytes = output.ToArray();
        return lyingHeaders ? UnderstateSizes(bytes) : bytes;
    }

    private static void Part(ZipArchive zip, string name, string start, IEnumerable<string>? lines = null, string? filler = null, long fillerBytes = 0, string end = "")
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        var write = (string s) => stream.Write(Encoding.UTF8.GetBytes(s));
        write(start);
        foreach (var line in lines ?? [])
        {
            write(line);
        }

        if (filler is not null && fillerBytes > 0)
        {
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(filler, (int)Math.Max(1, 1024 * 1024 / Encoding.UTF8.GetByteCount(filler)))));
            for (long written = 0; written < fillerBytes; written += chunk.Length)
            {
                stream.Write(chunk); // one megabyte at a time: the bomb is never whole in memory
            }
        }

        write(end);
    }

    private static string Column(int i) => ((char)('A' + i)).ToString();

    /// <summary>Every local and central header of the ZIP declares 1,024 bytes unpacked, whatever the part really holds.</summary>
    private static byte[] UnderstateSizes(byte[] zip)
    {
        var span = zip.AsSpan();
        for (var i = 0; i + 46 <= span.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(span[i..]);
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 22)..], 1024); // local header: uncompressed size
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 24)..], 1024); // central directory: uncompressed size
            }
        }

        return zip;
    }
}
