namespace CapacityExit.Workflow.Core.Spreadsheets;

/// <summary>
/// The one guard every exported cell goes through (every .xlsx and CSV the product writes: the lists, the census template
/// and problems, the replacement ledger, the credit exchange file). A text that begins with = + - @, a tab or a carriage
/// return would be read as a formula by a spreadsheet program (CSV injection, as OWASP describes it); such a text gets a
/// single quote in front and is otherwise kept as it was, so it opens as text. Numbers and dates are not text and pass as they are.
/// </summary>
public static class CellText
{
    /// <summary>The characters that make a spreadsheet program read a cell as a formula (OWASP, CSV injection).</summary>
    public static readonly IReadOnlySet<char> FormulaStarts = new HashSet<char> { '=', '+', '-', '@', '\t', '\r' };

    /// <summary>The text with a leading single quote when it would start a formula; anything else unchanged.</summary>
    public static string Neutralise(string text) => text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : text;

    /// <summary>A cell's value: text neutralised (<see cref="Neutralise(string)"/>), any other value as it is.</summary>
    public static object? Neutralise(object? value) => value is string text ? Neutralise(text) : value;

    /// <summary>A row of named cells (the header too), each neutralised.</summary>
    public static Dictionary<string, object?> Row(IEnumerable<KeyValuePair<string, object?>> row) =>
        row.ToDictionary(c => Neutralise(c.Key), c => Neutralise(c.Value));
}
