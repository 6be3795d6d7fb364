using System.Globalization;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Core.Spreadsheets;

/// <summary>A column of an exported list: its Chinese header and how a row gives its value.</summary>
public sealed record XlsxColumn<T>(string Header, Func<T, object?> Value);

/// <summary>Lists out as .xlsx and sheets in as rows of text, with MiniExcel (no Office, no native library).</summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>One sheet: the headers, then a line per row. An empty list still has its headers.</summary>
    public static byte[] Write<T>(IEnumerable<T> rows, IReadOnlyList<XlsxColumn<T>> columns, string sheet = "Sheet1") =>
        WriteSheets(new Dictionary<string, IReadOnlyList<IDictionary<string, object?>>> { [sheet] = Lines(rows, columns) }, columns.Select(c => c.Header).ToList());

    public static IReadOnlyList<IDictionary<string, object?>> Lines<T>(IEnumerable<T> rows, IReadOnlyList<XlsxColumn<T>> columns) =>
        rows.Select(r => (IDictionary<string, object?>)columns.ToDictionary(c => c.Header, c => Cell(c.Value(r)))).ToList();

    /// <summary>
    /// Several sheets; a sheet with no rows gets a header line of <paramref name="emptyHeaders"/>. Every cell goes through
    /// <see cref="CellText"/>: a text that would start a formula opens as text.
    /// </summary>
    public static byte[] WriteSheets(IReadOnlyDictionary<string, IReadOnlyList<IDictionary<string, object?>>> sheets, IReadOnlyList<string>? emptyHeaders = null)
    {
        using var stream = new MemoryStream();
        var values = new Dictionary<string, object>();
        foreach (var (name, lines) in sheets)
        {
            values[name] = lines.Count > 0 ? lines.Select(CellText.Row).ToList() : new[] { CellText.Row((emptyHeaders ?? []).ToDictionary(h => h, h => (object?)h)) };
        }

        if (sheets.Count == 1 && sheets.Values.Single().Count == 0)
        {
            MiniExcel.SaveAs(stream, values.Values.Single(), printHeader: false, sheetName: sheets.Keys.Single());
        }
        else
        {
            MiniExcel.SaveAs(stream, values);
        }

        return stream.ToArray();
    }

    /// <summary>The first sheet's rows as text by header (row 1 holds the headers), and the headers in order.</summary>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows) Read(byte[] content)
    {
        using var stream = new MemoryStream(content);
        var rows = MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        if (rows.Count == 0)
        {
            return ([], []);
        }

        var headerCells = rows[0].ToList();
        var headers = headerCells.Select(kv => Text(kv.Value).Trim()).ToList();
        var result = new List<IReadOnlyDictionary<string, string>>();
        foreach (var row in rows.Skip(1))
        {
            var line = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < headerCells.Count; i++)
            {
                if (headers[i].Length > 0 && row.TryGetValue(headerCells[i].Key, out var value))
                {
                    line[headers[i]] = Text(value).Trim();
                }
            }

            result.Add(line);
        }

        return (headers, result);
    }

    /// <summary>A cell as the office typed it: dates as YYYY-MM-DD, numbers without exponent or grouping.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double n => n.ToString("0.############", CultureInfo.InvariantCulture),
        decimal n => n.ToString("0.############", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object? Cell(object? value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => TimeZoneInfo.ConvertTime(t, Domain.Deadlines.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => value,
    };
}
