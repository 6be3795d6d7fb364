using System.Diagnostics;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The census import at 10,000 rows: a sheet written with MiniExcel as an office would send it, first with its last row
/// wrong (every row checked against 立案's rules, the database read once for the file, nothing written), then valid (every
/// case opened and its workflow started, one transaction). Then a census at the row limit (100,000) imported with this
/// process's memory measured: resident before, peak during (VmHWM, reset through /proc/self/clear_refs).
/// </summary>
internal sealed class CensusBench(BenchDatabases databases)
{
    public async Task RunAsync(int rows, int largeRows, BenchResults results)
    {
        const string database = "bench_census";
        await databases.FreshAsync(database);
        using var host = databases.BuildHost(database);
        var found = ChinaTime.Today(TimeProvider.System).AddDays(-30).ToString("yyyy-MM-dd");
        var good = Sheet(rows, found, badLast: false, first: 1_000_000);
        var bad = Sheet(rows, found, badLast: true, first: 1_000_000);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            Progress.Step($"census: {rows:N0} rows with the last one wrong (checked in full, nothing written)");
            var watch = Stopwatch.StartNew();
            var refused = await scope.ServiceProvider.GetRequiredService<CensusImport>().ImportAsync("chenzhou-office", bad, CancellationToken.None);
            if (refused.Succeeded || refused.Problems.Single().Row != rows + 1)
            {
                throw new InvalidOperationException("the census with a wrong last row was not refused on that row");
            }

            results.Set("census_refused_s", watch.Elapsed.TotalSeconds);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            Progress.Step($"census: {rows:N0} rows imported, one transaction, every workflow started");
            var watch = Stopwatch.StartNew();
            var imported = await scope.ServiceProvider.GetRequiredService<CensusImport>().ImportAsync("chenzhou-office", good, CancellationToken.None);
            if (!imported.Succeeded || imported.Opened.Count != rows)
            {
                throw new InvalidOperationException($"the census import opened {imported.Opened.Count} of {rows}: {imported.Problems.FirstOrDefault()}");
            }

            results.Set("census_import_s", watch.Elapsed.TotalSeconds);
            results.Set("census_import_rows_per_s", rows / watch.Elapsed.TotalSeconds);
        }

        if (largeRows > 0)
        {
            await ImportLargeAsync(host, largeRows, found, results);
        }
    }

    private static async Task ImportLargeAsync(Microsoft.Extensions.Hosting.IHost host, int rows, string found, BenchResults results)
    {
        var sheet = ExcelSheet(rows, found, first: 2_000_000);
        await using var scope = host.Services.CreateAsyncScope();
        var census = scope.ServiceProvider.GetRequiredService<CensusImport>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = CensusBombBench.Memory(Environment.ProcessId);
        File.WriteAllText("/proc/self/clear_refs", "5"); // resets the peak (VmHWM) to the current resident size
        Progress.Step($"census: {rows:N0} rows ({sheet.Length / 1024d / 1024:0.0} MB compressed) imported, one transaction, every workflow started");
        var watch = Stopwatch.StartNew();
        var imported = await census.ImportAsync("chenzhou-office", sheet, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        var after = CensusBombBench.Memory(Environment.ProcessId);
        if (!imported.Succeeded || imported.Opened.Count != rows)
        {
            throw new InvalidOperationException($"the large census opened {imported.Opened.Count} of {rows}: {imported.Problems.FirstOrDefault()}");
        }

        Progress.Step($"census: {rows:N0} rows in {seconds:0.0} s; memory {before.Rss:0} MB before, peak {after.Peak:0} MB, {after.Rss:0} MB after");
        results.Set("census_large_rows", rows);
        results.Set("census_large_import_s", seconds);
        results.Set("census_large_rows_per_s", rows / seconds);
        results.Set("census_large_rss_before_mb", before.Rss);
        results.Set("census_large_peak_mb", after.Peak);
        results.Set("census_large_sheet_mb", sheet.Length / 1024d / 1024);
    }

    private static byte[] Sheet(int rows, string found, bool badLast, int first)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, Enumerable.Range(1, rows).Select(i => new Dictionary<string, object?>
        {
            [CensusImport.CreditCode] = badLast && i == rows ? "91431003MA0000000X" : CreditCode.Complete($"91431003MA{first + i:D7}"),
            [CensusImport.Name] = $"基准摸排企业{i}", [CensusImport.County] = "苏仙区", [CensusImport.Industry] = "焦化",
            [CensusImport.Item] = "1号焦炉", [CensusImport.Amount] = 10, [CensusImport.Unit] = "万吨/年", [CensusImport.Standard] = "安全",
            [CensusImport.FindingDate] = found, [CensusImport.Bureau] = "郴州市应急管理局", [CensusImport.LegalBasis] = "基准测试：摸排",
            [CensusImport.Facts] = "",
        }));
        return stream.ToArray();
    }

    /// <summary>
    /// The same rows as Excel or WPS saves them: every text in xl/sharedStrings.xml (the repeated ones once), the cells
    /// referring to it. MiniExcel writes each text inline, about 0.7 KB a row, so 100,000 of its rows pass the unpacked cap
    /// (<see cref="CensusImport.MaxUnpackedBytes"/>); an office's file of 100,000 rows is this shape.
    /// </summary>
    private static byte[] ExcelSheet(int rows, string found, int first)
    {
        var strings = new List<string>(CensusImport.Columns);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int S(string text)
        {
            if (!index.TryGetValue(text, out var i))
            {
                index[text] = i = strings.Count;
                strings.Add(text);
            }

            return i;
        }

        foreach (var (column, i) in CensusImport.Columns.Select((c, i) => (c, i)))
        {
            index[column] = i;
        }

        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            CensusBombBench.WorkbookParts(zip);
            using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open(), new System.Text.UTF8Encoding(false)))
            {
                sheet.Write($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{CensusBombBench.MainNamespace}"><sheetData><row r="1">""");
                sheet.Write(string.Concat(CensusImport.Columns.Select((_, i) => $"""<c r="{(char)('A' + i)}1" t="s"><v>{i}</v></c>""")));
                sheet.Write("</row>");
                for (var n = 1; n <= rows; n++)
                {
                    var cells = new object[]
                    {
                        S(CreditCode.Complete($"91431003MA{first + n:D7}")), S($"基准摸排企业{first + n}"), S("苏仙区"), S("焦化"), S("1号焦炉"), 10m, S("万吨/年"),
                        S("安全"), S(found), S("郴州市应急管理局"), S("基准测试：摸排"),
                    };
                    sheet.Write($"<row r=\"{n + 1}\">");
                    for (var c = 0; c < cells.Length; c++)
                    {
                        sheet.Write(cells[c] is int shared
                            ? $"<c r=\"{(char)('A' + c)}{n + 1}\" t=\"s\"><v>{shared}</v></c>"
                            : $"<c r=\"{(char)('A' + c)}{n + 1}\"><v>{cells[c]}</v></c>");
                    }

                    sheet.Write("</row>");
                }

                sheet.Write("</sheetData></worksheet>");
            }

            using var sst = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml").Open(), new System.Text.UTF8Encoding(false));
            sst.Write($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{CensusBombBench.MainNamespace}" count="{strings.Count}" uniqueCount="{strings.Count}">""");
            foreach (var text in strings)
            {
                sst.Write($"<si><t>{System.Security.SecurityElement.Escape(text)}</t></si>");
            }

            sst.Write("</sst>");
        }

        return output.ToArray();
    }
}
