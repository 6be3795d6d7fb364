namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// A period as workflow files write it: P6M, P1Y, P10D (calendar days), P5WD (working days), and chains
/// such as P6M+P3M (a rectification period and its extension, each counted from the previous last day).
/// </summary>
public sealed record PeriodExpression(IReadOnlyList<PeriodComponent> Components)
{
    /// <summary>Upper bounds per unit: far beyond any period in the seeds, low enough to catch a slipped digit.</summary>
    private static int MaxAmount(PeriodUnit unit) => unit switch
    {
        PeriodUnit.Years => 100,
        PeriodUnit.Months => 1200,
        PeriodUnit.Days => 36500,
        _ => 3650,
    };

    public static PeriodExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var components = new List<PeriodComponent>();
        var i = 0;
        SkipSpaces(text, ref i);
        if (i == text.Length)
        {
            throw new PeriodFormatException(text, i, "the period is empty; write e.g. P6M");
        }

        while (true)
        {
            components.Add(ParseComponent(text, ref i));
            SkipSpaces(text, ref i);
            if (i == text.Length)
            {
                return new PeriodExpression(components);
            }

            if (text[i] != '+')
            {
                var reason = char.IsAsciiLetter(text[i]) || char.IsAsciiDigit(text[i])
                    ? $"'{text[i]}' after a complete component: one unit per component (write P18M or P1Y+P6M, not P1Y6M)"
                    : $"unexpected '{text[i]}'; components are joined with '+'";
                throw new PeriodFormatException(text, i, reason);
            }

            i++;
            SkipSpaces(text, ref i);
            if (i == text.Length)
            {
                throw new PeriodFormatException(text, i, "nothing after '+'");
            }
        }
    }

    public override string ToString() => string.Join("+", Components.Select(c => c.ToString()));

    public string ToZh() => string.Join("，再加", Components.Select(c => c.ToZh()));

    public string ToEn() => string.Join(", then ", Components.Select(c => c.ToEn()));

    private static PeriodComponent ParseComponent(string text, ref int i)
    {
        if (char.ToUpperInvariant(text[i]) != 'P')
        {
            throw new PeriodFormatException(text, i, $"expected 'P' to start a component, found '{text[i]}'");
        }

        i++;
        var digitsAt = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == digitsAt)
        {
            var found = i < text.Length ? $"'{text[i]}'" : "the end";
            throw new PeriodFormatException(text, i, $"expected a number after 'P', found {found}");
        }

        var unitAt = i;
        var unit = ParseUnit(text, ref i);
        var digits = text[digitsAt..unitAt];
        if (!int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var amount) || amount > MaxAmount(unit))
        {
            throw new PeriodFormatException(text, digitsAt, $"{digits} is too large for this unit (at most {MaxAmount(unit)})");
        }

        if (amount == 0)
        {
            throw new PeriodFormatException(text, digitsAt, "a period of 0 is not a period; use a fixed date instead");
        }

        return new PeriodComponent(amount, unit);
    }

    private static PeriodUnit ParseUnit(string text, ref int i)
    {
        if (i == text.Length)
        {
            throw new PeriodFormatException(text, i, "missing unit after the number (Y, M, D or WD)");
        }

        var rest = text[i..].ToUpperInvariant();
        (PeriodUnit Unit, int Length)? match = rest switch
        {
            _ when rest.StartsWith("WD", StringComparison.Ordinal) => (PeriodUnit.WorkingDays, 2),
            _ when rest.StartsWith('Y') => (PeriodUnit.Years, 1),
            _ when rest.StartsWith('M') => (PeriodUnit.Months, 1),
            _ when rest.StartsWith('D') => (PeriodUnit.Days, 1),
            _ => null,
        };
        if (match is null)
        {
            throw new PeriodFormatException(text, i, $"unknown unit '{text[i]}' (expected Y, M, D or WD)");
        }

        i += match.Value.Length;
        return match.Value.Unit;
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}

/// <summary>A period text that cannot be read. Position is the 1-based character where the problem is.</summary>
public sealed class PeriodFormatException : FormatException
{
    public PeriodFormatException(string text, int index, string reason)
        : base($"Invalid period \"{text}\" at position {index + 1}: {reason}.")
    {
        Text = text;
        Position = index + 1;
        Reason = reason;
    }

    public string Text { get; }

    /// <summary>1-based: the first character is position 1; the end of the text is Length + 1.</summary>
    public int Position { get; }

    public string Reason { get; }
}
