using System.Diagnostics;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The census import (issue 17) at 10,000 rows: a sheet written with MiniExcel as an office would send it, checked and
/// opened by <see cref="CensusImport"/> in one transaction (each row through the case-opening service, each workflow
/// started); then the same sheet with its last row wrong, which is checked in full and writes nothing.
/// </summary>
internal sealed class CensusBench(BenchDatabases databases)
{
    public async Task RunAsync(int rows, BenchResults results)
    {
        const string database = "bench_census";
        await databases.FreshAsync(database);
        using var host = databases.BuildHost(database);
        var found = ChinaTime.Today(TimeProvider.System).AddDays(-30).ToString("yyyy-MM-dd");
        var good = Sheet(rows, found, badLast: false);
        var bad = Sheet(rows, found, badLast: true);

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
    }

    private static byte[] Sheet(int rows, string found, bool badLast)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, Enumerable.Range(1, rows).Select(i => new Dictionary<string, object?>
        {
            [CensusImport.CreditCode] = badLast && i == rows ? "91431003MA0000000X" : CreditCode.Complete($"91431003MA{1_000_000 + i:D7}"),
            [CensusImport.Name] = $"基准摸排企业{i}", [CensusImport.County] = "苏仙区", [CensusImport.Industry] = "焦化",
            [CensusImport.Item] = "1号焦炉", [CensusImport.Amount] = 10, [CensusImport.Unit] = "万吨/年", [CensusImport.Standard] = "安全",
            [CensusImport.FindingDate] = found, [CensusImport.Bureau] = "郴州市应急管理局", [CensusImport.LegalBasis] = "基准测试：摸排",
            [CensusImport.Facts] = "",
        }));
        return stream.ToArray();
    }
}
