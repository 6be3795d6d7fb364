namespace CapacityExit.Workflow.Domain.Registry;

/// <summary>The industries the seeds name (DOMAIN.md "Industries named in the seeds").</summary>
public enum Industry
{
    Steel, Coal, Cement, ElectrolyticAluminium, FlatGlass, Coking, Petrochemical, Fireworks, LeadSmelting,
    Paper, PrintingDyeing, Leather, ChemicalFibre, Chemicals, StorageBatteries, Electroplating, CoalPower,
}

public static class IndustryNames
{
    private static readonly Dictionary<Industry, string> ZhNames = new()
    {
        [Industry.Steel] = "钢铁", [Industry.Coal] = "煤炭", [Industry.Cement] = "水泥",
        [Industry.ElectrolyticAluminium] = "电解铝", [Industry.FlatGlass] = "平板玻璃", [Industry.Coking] = "焦化",
        [Industry.Petrochemical] = "石化化工", [Industry.Fireworks] = "烟花爆竹", [Industry.LeadSmelting] = "铅冶炼",
        [Industry.Paper] = "造纸", [Industry.PrintingDyeing] = "印染", [Industry.Leather] = "制革",
        [Industry.ChemicalFibre] = "化纤", [Industry.Chemicals] = "化工", [Industry.StorageBatteries] = "蓄电池",
        [Industry.Electroplating] = "电镀", [Industry.CoalPower] = "煤电",
    };

    public static string Zh(this Industry i) => ZhNames[i];

    public static bool TryParse(string? text, out Industry industry)
    {
        foreach (var (key, zh) in ZhNames)
        {
            if (text == zh || string.Equals(text, key.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                industry = key;
                return true;
            }
        }

        industry = default;
        return false;
    }
}
