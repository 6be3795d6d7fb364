using System.Globalization;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Domain.Registry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Core.Measures;

/// <summary>One profile's measures: who issues the price notices, whether the water supplier is told, the replacement ratios.</summary>
public sealed record ProfileMeasures(NoticeIssuer PriceIssuer, bool WaterSupplier, string CreditIssuer, IReadOnlyDictionary<Industry, decimal> Ratios)
{
    /// <summary>The capacity the profile's seed puts under differential prices (price-scope).</summary>
    public Domain.Measures.PriceScope PriceScope { get; init; } = new([]);

    /// <summary>The ratio for reduction replacement (减量置换) the profile sets for the industry; 1 (等量置换) where it sets none.</summary>
    public decimal RatioFor(Industry industry) => Ratios.GetValueOrDefault(industry, 1m);
}

/// <summary>workflows/measures/measures.yaml, read and checked at start-up.</summary>
public sealed class MeasureSettings(IReadOnlyDictionary<string, ProfileMeasures> profiles)
{
    public IReadOnlyDictionary<string, ProfileMeasures> Profiles { get; } = profiles;

    public static string PathUnder(string workflowsDirectory) => Path.Combine(workflowsDirectory, "measures", "measures.yaml");

    public ProfileMeasures For(string? profileId) => profileId is not null && Profiles.TryGetValue(profileId, out var p)
        ? p
        : throw new InvalidOperationException($"workflows/measures/measures.yaml has nothing for profile '{profileId}'");

    /// <exception cref="FormatException">The file is malformed; the message has file:line:column and the reason.</exception>
    public static MeasureSettings Load(string path, IEnumerable<string> profileIds)
    {
        const string shown = "workflows/measures/measures.yaml";
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var profiles = new Dictionary<string, ProfileMeasures>();
            foreach (var (key, node) in Entries((YamlMappingNode)root.Children[new YamlScalarNode("profiles")]))
            {
                var map = (YamlMappingNode)node;
                var issuer = (YamlMappingNode)map.Children[new YamlScalarNode("price-issuer")];
                var ratios = new Dictionary<Industry, decimal>();
                foreach (var (industryText, value) in Entries((YamlMappingNode)map.Children[new YamlScalarNode("replacement-ratios")]))
                {
                    if (!IndustryNames.TryParse(industryText, out var industry))
                    {
                        throw new YamlException(value.Start, value.End, $"'{industryText}' is not an industry (钢铁, 水泥, 平板玻璃 …)");
                    }

                    var text = ((YamlScalarNode)value).Value;
                    if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ratio) || ratio < 1 || ratio > 10)
                    {
                        throw new YamlException(value.Start, value.End, $"ratio '{text}' for {industryText} must be a number from 1 (等量置换) to 10");
                    }

                    ratios[industry] = ratio;
                }

                var water = Text(map, "water-supplier");
                profiles[key] = new ProfileMeasures(
                    new NoticeIssuer($"{key}/price", Text(issuer, "name"), Text(issuer, "abbreviation")),
                    water is "true" ? true : water is "false" ? false : throw new YamlException(map.Start, map.End, $"water-supplier must be true or false, not '{water}'"),
                    Text(map, "credit-issuer"), ratios)
                {
                    PriceScope = Scope(map, key),
                };
            }

            var missing = profileIds.Where(p => !profiles.ContainsKey(p)).ToList();
            if (missing.Count > 0)
            {
                throw new YamlException(root.Start, root.End, $"no measures for profile(s) {string.Join(", ", missing)}");
            }

            return new MeasureSettings(profiles);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{shown}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FormatException($"{shown}: {e.Message}", e);
        }
    }

    /// <summary>price-scope: standard → { price: punitive|differential, industries: any | [钢铁, …], source: clause }.</summary>
    private static Domain.Measures.PriceScope Scope(YamlMappingNode map, string profile)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("price-scope"), out var node) || node is not YamlMappingNode scope)
        {
            throw new YamlException(map.Start, map.End, $"profile {profile} needs 'price-scope' (the capacity its seed puts under differential prices)");
        }

        var entries = new List<Domain.Measures.PriceScopeEntry>();
        foreach (var (standardText, value) in Entries(scope))
        {
            if (!StandardNames.TryParse(standardText, out var standard))
            {
                throw new YamlException(value.Start, value.End, $"'{standardText}' is not a standard (energy, environment, quality, safety, technology)");
            }

            var line = value as YamlMappingNode ?? throw new YamlException(value.Start, value.End, $"price-scope {standardText} must be {{ price, industries, source }}");
            var price = Text(line, "price") switch
            {
                "punitive" => Domain.Measures.PriceMeasureKind.Punitive,
                "differential" => Domain.Measures.PriceMeasureKind.Differential,
                var other => throw new YamlException(line.Start, line.End, $"price of {standardText} must be punitive (惩罚性电价) or differential (差别电价), not '{other}'"),
            };
            HashSet<Industry>? industries = null;
            if (!line.Children.TryGetValue(new YamlScalarNode("industries"), out var industriesNode))
            {
                throw new YamlException(line.Start, line.End, $"price-scope {standardText} needs 'industries' (any, or a list)");
            }

            if (industriesNode is YamlSequenceNode list)
            {
                industries = [];
                foreach (var item in list.Children)
                {
                    var text = (item as YamlScalarNode)?.Value;
                    if (!IndustryNames.TryParse(text, out var industry))
                    {
                        throw new YamlException(item.Start, item.End, $"'{text}' is not an industry of the registry (钢铁, 水泥, 平板玻璃 …)");
                    }

                    industries.Add(industry);
                }
            }
            else if ((industriesNode as YamlScalarNode)?.Value != "any")
            {
                throw new YamlException(industriesNode.Start, industriesNode.End, $"industries of {standardText} must be 'any' or a list of industries");
            }

            entries.Add(new(standard, price, industries, Text(line, "source")));
        }

        return new Domain.Measures.PriceScope(entries);
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map) =>
        map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, kv.Value));

    private static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text }
            ? text
            : throw new YamlException(node.Start, node.End, $"'{key}' is missing or empty");
}
