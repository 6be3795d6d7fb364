namespace CapacityExit.Workflow.Domain.Registry;

/// <summary>The five mandatory standards a capacity item can fail (DOMAIN.md "The five standards").</summary>
public enum Standard
{
    Energy,      // 能耗
    Environment, // 环保
    Quality,     // 质量
    Safety,      // 安全
    Technology,  // 技术（淘汰类装备）
}

public static class StandardNames
{
    public static string Id(this Standard s) => s.ToString().ToLowerInvariant();

    public static string Zh(this Standard s) => s switch
    {
        Standard.Energy => "能耗",
        Standard.Environment => "环保",
        Standard.Quality => "质量",
        Standard.Safety => "安全",
        Standard.Technology => "技术",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static bool TryParse(string? text, out Standard standard)
    {
        foreach (var s in Enum.GetValues<Standard>())
        {
            if (string.Equals(text, s.Id(), StringComparison.OrdinalIgnoreCase) || text == s.Zh())
            {
                standard = s;
                return true;
            }
        }

        standard = default;
        return false;
    }
}
