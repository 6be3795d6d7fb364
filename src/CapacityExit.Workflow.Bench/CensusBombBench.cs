using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Spreadsheets;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The census upload under hostile workbooks, against the real web host (Release) as an office posts it: a bomb of about
/// 10 MB compressed in the sheet, one in sharedStrings.xml, and a sheet of a million small rows that stays under the
/// unpacked cap. For each: the host's resident memory before, its peak during the request (VmHWM, reset before each
/// post through /proc/PID/clear_refs), after, and how long the refusal took. Linux only (/proc).
/// </summary>
internal sealed class CensusBombBench(BenchDatabases databases, BenchOptions options)
{
    private const string Database = "bench_census_bomb";

    public async Task RunAsync(BenchResults results)
    {
        var cs = await databases.FreshAsync(Database);
        var folder = Directory.CreateTempSubdirectory("capexit-bench-bombs");
        try
        {
            var bombs = new List<(string Name, string Path, long Unpacked)>();
            foreach (var (name, part) in new[] { ("sheet", "xl/worksheets/sheet1.xml"), ("sharedstrings", "xl/sharedStrings.xml") })
            {
                Progress.Step($"census bombs: writing a {name} bomb of about 10 MB compressed");
                var path = Path.Combine(folder.FullName, name + ".xlsx");
                var unpacked = Write(path, part, UploadedFile.MaxBytes - 256 * 1024, long.MaxValue);
                bombs.Add((name, path, unpacked));
            }

            var rows = Path.Combine(folder.FullName, "rows.xlsx");
            bombs.Add(("rows", rows, Write(rows, "xl/worksheets/sheet1.xml", long.MaxValue, CensusImport.MaxUnpackedBytes - 4 * 1024 * 1024)));

            Progress.Step("census bombs: starting the web host (Release build)");
            await using var host = await WebHostProcess.StartAsync(options.Root, new Dictionary<string, string>
            {
                ["ConnectionStrings__Default"] = cs, ["CapacityExit__LoadDemoData"] = "true", ["CapacityExit__Mail__Enabled"] = "false",
                ["CapacityExit__Uploads__Root"] = Path.Combine(folder.FullName, "uploads"), ["Logging__LogLevel__Default"] = "Warning",
            }, TimeSpan.FromMinutes(3));
            using var office = new WebUser(host.Address);
            await office.SignInAsync("chenzhou-office", CancellationToken.None);
            await office.GetAsync("/census", CancellationToken.None); // warm: the page compiled, the services resolved

            foreach (var (name, path, unpacked) in bombs)
            {
                var file = await File.ReadAllBytesAsync(path);
                GC.Collect();
                var before = Memory(host.ProcessId);
                File.WriteAllText($"/proc/{host.ProcessId}/clear_refs", "5"); // resets the peak (VmHWM) to the current resident size
                var watch = Stopwatch.StartNew();
                var (status, page) = await office.PostFileAsync("/census", "Sheet", name + ".xlsx", file, CancellationToken.None);
                var seconds = watch.Elapsed.TotalSeconds;
                var after = Memory(host.ProcessId);
                var refused = page.Contains("解压后超过", StringComparison.Ordinal) || page.Contains("一次最多导入", StringComparison.Ordinal);
                if (status != 400 || !refused)
                {
                    throw new InvalidOperationException($"the {name} workbook was not refused for its size: {status}");
                }

                Progress.Step($"census bombs: {name}: {file.Length / 1024d / 1024:0.0} MB compressed, {unpacked / 1024d / 1024:N0} MB unpacked; " +
                    $"host {before.Rss:0} MB before, peak {after.Peak:0} MB, {after.Rss:0} MB after; refused in {seconds:0.00} s");
                results.Set($"census_bomb_{name}_compressed_mb", file.Length / 1024d / 1024);
                results.Set($"census_bomb_{name}_unpacked_mb", unpacked / 1024d / 1024);
                results.Set($"census_bomb_{name}_rss_before_mb", before.Rss);
                results.Set($"census_bomb_{name}_peak_mb", after.Peak);
                results.Set($"census_bomb_{name}_rss_after_mb", after.Rss);
                results.Set($"census_bomb_{name}_refused_s", seconds);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A workbook with the census headers whose <paramref name="bombPart"/> grows a megabyte of rows (or strings) at a time
    /// until the file reaches <paramref name="compressedBytes"/> or the part <paramref name="unpackedBytes"/>; returns the
    /// part's unpacked size. Written to disk through the deflater: never whole in memory.
    /// </summary>
    private static long Write(string path, string bombPart, long compressedBytes, long unpackedBytes)
    {
        long unpacked = 0;
        using var file = new FileStream(path, FileMode.Create);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        WorkbookParts(zip);
        var header = string.Concat(CensusImport.Columns.Select((_, i) => $"""<c r="{(char)('A' + i)}1" t="s"><v>{i}</v></c>"""));
        var strings = string.Concat(CensusImport.Columns.Select(c => $"<si><t>{c}</t></si>"));
        var sheet = ($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MainNamespace}"><sheetData><row r="1">{header}</row>""", "</sheetData></worksheet>");
        var sst = ($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MainNamespace}">{strings}""", "</sst>");
        foreach (var (name, (start, end)) in new[] { ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", sst) })
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            stream.Write(Encoding.UTF8.GetBytes(start));
            if (name == bombPart)
            {
                // Rows of the census as an office fills them in (the sheet), or strings of one (sharedStrings.xml).
                var unit = name == "xl/sharedStrings.xml"
                    ? "<si><t>郴州示例摸排企业有限公司1号水泥熟料生产线</t></si>"
                    : "<row><c t=\"inlineStr\"><is><t>91431003MA0000001X</t></is></c><c t=\"inlineStr\"><is><t>郴州示例摸排企业</t></is></c><c t=\"n\"><v>10</v></c></row>";
                var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, 1024 * 1024 / Encoding.UTF8.GetByteCount(unit))));
                while (file.Length < compressedBytes && unpacked + chunk.Length <= unpackedBytes)
                {
                    stream.Write(chunk);
                    unpacked += chunk.Length;
                }
            }

            stream.Write(Encoding.UTF8.GetBytes(end));
        }

        return unpacked;
    }

    internal const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The parts of a one-sheet workbook around its sheet and sharedStrings.xml, as Excel writes them (the sheet named 摸排).</summary>
    internal static void WorkbookParts(ZipArchive zip)
    {
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        void Part(string name, string text)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
        Part("_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MainNamespace}" xmlns:r="{rel}"><sheets><sheet name="摸排" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
    }

    /// <summary>Resident and peak resident memory of a process, in MB (/proc/PID/status).</summary>
    internal static (double Rss, double Peak) Memory(int pid)
    {
        double Field(string[] lines, string name) =>
            double.Parse(lines.Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        var status = File.ReadAllLines($"/proc/{pid}/status");
        return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }
}
