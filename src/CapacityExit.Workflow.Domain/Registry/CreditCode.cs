namespace CapacityExit.Workflow.Domain.Registry;

/// <summary>
/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a 31-character
/// alphabet (digits and capitals without I, O, Z, S, V); characters 3–8 are the administrative division
/// code; the 18th is a check character over the first 17 (mod 31 with fixed weights, §4 and Annex).
/// </summary>
public static class CreditCode
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Null when valid; otherwise the reason, in Chinese and English.</summary>
    public static ValidationError? Validate(string? code, string field = "creditCode")
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return new(field, "统一社会信用代码不能为空", "the unified social credit code is required");
        }

        if (code.Length != Length)
        {
            return new(field, $"统一社会信用代码应为18位，实际为{code.Length}位", $"the code must have 18 characters, it has {code.Length}");
        }

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(code[i]) < 0)
            {
                return new(field,
                    $"第{i + 1}位字符“{code[i]}”不是统一社会信用代码允许的字符（数字或除I、O、Z、S、V外的大写字母）",
                    $"character {i + 1} '{code[i]}' is not allowed (digits, capitals except I, O, Z, S, V)");
            }
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
            {
                return new(field, $"第3至8位应为行政区划码（数字），第{i + 1}位为“{code[i]}”",
                    $"characters 3-8 are the administrative division code (digits); character {i + 1} is '{code[i]}'");
            }
        }

        var expected = CheckCharacter(code.AsSpan(0, Length - 1));
        return code[Length - 1] == expected
            ? null
            : new(field, $"校验码错误：第18位应为“{expected}”，实际为“{code[Length - 1]}”",
                $"wrong check character: character 18 should be '{expected}', it is '{code[Length - 1]}'");
    }

    /// <summary>The check character for the first 17 characters (which must be in the alphabet).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException("exactly 17 characters are needed", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not in the code alphabet", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>Completes 17 characters with their check character (demo data and tests make codes this way).</summary>
    public static string Complete(string first17) => first17 + CheckCharacter(first17);
}
