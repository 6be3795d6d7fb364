using System.Text;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Web.Tests.Calendar;

/// <summary>A content line after unfolding: NAME;PARAM=V:VALUE (RFC 5545 §3.1).</summary>
public sealed record ContentLine(string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
{
    /// <summary>A TEXT value unescaped (§3.3.11): \\ \; \, \n.</summary>
    public string Text => Regex.Replace(Value, @"\\([\\;,nN])", m => m.Groups[1].Value is "n" or "N" ? "\n" : m.Groups[1].Value);
}

/// <summary>A component (VCALENDAR, VEVENT, ...) with its properties and sub-components.</summary>
public sealed class Component(string name)
{
    public string Name { get; } = name;

    public List<ContentLine> Properties { get; } = [];

    public List<Component> Components { get; } = [];

    public IEnumerable<ContentLine> All(string name) => Properties.Where(p => p.Name == name);

    /// <summary>The property that must occur exactly once.</summary>
    public ContentLine One(string name) => All(name).ToList() is [var one]
        ? one
        : throw new FormatException($"{Name}: {name} must occur exactly once, found {All(name).Count()}");
}

/// <summary>
/// An independent, strict reader of iCalendar text written for the tests (not Ical.Net): CRLF line ends, lines of at
/// most 75 octets, folding, content-line syntax, properly nested BEGIN/END, one VCALENDAR with VERSION:2.0 and PRODID.
/// Anything else is a <see cref="FormatException"/> naming the line.
/// </summary>
public static partial class Rfc5545
{
    public static Component Parse(string text)
    {
        if (!text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            throw new FormatException("the stream must end with CRLF");
        }

        var physical = text[..^2].Split("\r\n");
        var logical = new List<(int Line, string Text)>();
        for (var i = 0; i < physical.Length; i++)
        {
            var line = physical[i];
            if (line.Contains('\r') || line.Contains('\n'))
            {
                throw new FormatException($"line {i + 1}: a bare CR or LF");
            }

            if (Encoding.UTF8.GetByteCount(line) > 75)
            {
                throw new FormatException($"line {i + 1}: {Encoding.UTF8.GetByteCount(line)} octets, more than 75 (§3.1)");
            }

            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                if (logical.Count == 0)
                {
                    throw new FormatException($"line {i + 1}: a continuation with nothing to continue");
                }

                logical[^1] = (logical[^1].Line, logical[^1].Text + line[1..]);
            }
            else
            {
                logical.Add((i + 1, line));
            }
        }

        var stack = new Stack<Component>();
        Component? root = null;
        foreach (var (number, raw) in logical)
        {
            var line = ParseLine(number, raw);
            if (line.Name == "BEGIN")
            {
                var component = new Component(line.Value);
                if (stack.Count == 0)
                {
                    if (root is not null || line.Value != "VCALENDAR")
                    {
                        throw new FormatException($"line {number}: one VCALENDAR only, at the top");
                    }

                    root = component;
                }
                else
                {
                    stack.Peek().Components.Add(component);
                }

                stack.Push(component);
            }
            else if (line.Name == "END")
            {
                if (stack.Count == 0 || stack.Pop().Name != line.Value)
                {
                    throw new FormatException($"line {number}: END:{line.Value} does not close the open component");
                }
            }
            else if (stack.Count == 0)
            {
                throw new FormatException($"line {number}: a property outside VCALENDAR");
            }
            else
            {
                stack.Peek().Properties.Add(line);
            }
        }

        if (root is null || stack.Count > 0)
        {
            throw new FormatException("VCALENDAR is missing or not closed");
        }

        if (root.One("VERSION").Value != "2.0")
        {
            throw new FormatException("VERSION must be 2.0");
        }

        root.One("PRODID");
        return root;
    }

    private static ContentLine ParseLine(int number, string raw)
    {
        var m = LineSyntax().Match(raw);
        if (!m.Success)
        {
            throw new FormatException($"line {number}: not a content line: {raw}");
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Capture p in m.Groups["param"].Captures)
        {
            var eq = p.Value.IndexOf('=');
            parameters[p.Value[1..eq].ToUpperInvariant()] = p.Value[(eq + 1)..].Trim('"');
        }

        return new ContentLine(m.Groups["name"].Value.ToUpperInvariant(), parameters, m.Groups["value"].Value);
    }

    // name *(";" param) ":" value; a param value is quoted or has no ; : , or quote (§3.1, §3.2).
    [GeneratedRegex("""^(?<name>[A-Za-z0-9-]+)(?<param>;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:(?<value>.*)$""")]
    private static partial Regex LineSyntax();
}
