namespace CapacityExit.Workflow.Cli;

/// <summary>A usage error: the command line itself is wrong. The CLI prints it and exits 2.</summary>
public sealed class CliUsageException(string messageZh, string message) : Exception(message)
{
    /// <summary>The Chinese text; empty when <see cref="Exception.Message"/> already holds both languages.</summary>
    public string MessageZh { get; } = messageZh;

    /// <summary>What the tool prints: Chinese first, then English, as the calendar's own messages are written.</summary>
    public string Text => MessageZh.Length == 0 ? Message : $"{MessageZh} {Message}";

    /// <summary>A message that is already Chinese and English (the calendar's, the deadline calculus's).</summary>
    public static CliUsageException Bilingual(string text) => new("", text);
}

/// <summary>
/// The arguments after the command name: <c>--name value</c> options, <c>--flag</c> switches and positionals.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, List<string?>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals { get; }

    public CliArgs(IEnumerable<string> args)
    {
        var positionals = new List<string>();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = list[++i];
            }

            if (name.Length == 0)
            {
                throw new CliUsageException($"“{arg}”不是选项名。", $"'{arg}' is not an option name.");
            }

            if (!_options.TryGetValue(name, out var values))
            {
                _options[name] = values = [];
            }

            values.Add(value);
        }

        Positionals = positionals;
    }

    public string Required(string name)
    {
        var value = Optional(name);
        return value ?? throw new CliUsageException($"缺少必填选项 --{name}。", $"--{name} is required.");
    }

    public string? Optional(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw new CliUsageException($"选项 --{name} 给了{values.Count}次，只能给一个值。", $"--{name} is given {values.Count} times; it takes one value.");
        }

        var value = values[0];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliUsageException($"选项 --{name} 须有值。", $"--{name} needs a value.");
        }

        return value;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var values))
        {
            return false;
        }

        var value = values[^1];
        return values.Count == 1 && value is null ? true : throw new CliUsageException($"选项 --{name} 是开关，不带值（给了“{value}”）。", $"--{name} is a switch and takes no value ('{value}').");
    }

    /// <summary>Every value of an option that may be repeated (<c>--holiday A --holiday B</c>); empty when absent.</summary>
    public IReadOnlyList<string> All(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var values))
        {
            return [];
        }

        return values.Select(v => string.IsNullOrWhiteSpace(v) ? throw new CliUsageException($"选项 --{name} 须有值。", $"--{name} needs a value.") : v).ToList();
    }

    /// <summary>Call after reading every option: an option nobody asked for is a typo, not something to ignore.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"未知选项：{string.Join("、", unknown.Select(u => "--" + u))}。", $"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}
