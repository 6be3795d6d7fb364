using System.Globalization;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Core.Spreadsheets;

/// <summary>A sheet as read: its headers, its rows with text (each with its row number), and whether reading stopped at the row limit.</summary>
public sealed record SheetRows(IReadOnlyList<string> Headers, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> Rows, bool Truncated);

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

    /// <summary>
    /// The first sheet's rows as text by header (row 1 holds the headers), each with its row number; rows with no text
    /// are left out. Every part of the workbook is first read through a counting stream (<see cref="WorkbookBounds"/>):
    /// past <paramref name="maxUnpackedBytes"/> unpacked it throws <see cref="WorkbookTooLargeException"/> before the sheet
    /// is parsed. The sheet is then read row by row and reading stops at the first row past <paramref name="maxRows"/>
    /// (<see cref="SheetRows.Truncated"/>): a sheet of a million rows costs no more than one of <paramref name="maxRows"/> + 1.
    /// </summary>
    public static SheetRows Read(byte[] content, int maxRows, long maxUnpackedBytes)
    {
        WorkbookBounds.EnsureUnpackedWithin(content, maxUnpackedBytes);
        using var stream = new MemoryStream(content, writable: false);
        using var rows = MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().GetEnumerator();
        if (!rows.MoveNext())
        {
            return new SheetRows([], [], false);
        }

        var headerCells = rows.Current.ToList();
        var headers = headerCells.Select(kv => Text(kv.Value).Trim()).ToList();
        var result = new List<(int Row, IReadOnlyDictionary<string, string> Cells)>();
        var number = 1;
        while (rows.MoveNext())
        {
            number++;
            var line = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < headerCells.Count; i++)
            {
                if (headers[i].Length > 0 && rows.Current.TryGetValue(headerCells[i].Key, out var value))
                {
                    line[headers[i]] = Text(value).Trim();
                }
            }

            if (line.Values.Any(v => v.Length > 0))
            {
                result.Add((number, line));
                if (result.Count > maxRows)
                {
                    return new SheetRows(headers, result, true);
                }
            }
        }

        return new SheetRows(headers, result, false);
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
