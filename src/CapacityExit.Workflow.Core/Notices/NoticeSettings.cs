using CapacityExit.Workflow.Domain.Escalation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>The body that issues 通报 and 约谈 for a profile, and its 机关代字 for the document number.</summary>
public sealed record NoticeIssuer(string Id, string Name, string Abbreviation)
{
    /// <summary>发文字号 (GB/T 9704-2012 §7.2.4): 机关代字、年份（六角括号）、发文顺序号, e.g. 郴淘汰办〔2026〕3号.</summary>
    public string DocumentNumber(int year, int number) => $"{Abbreviation}〔{year}〕{number}号";
}

/// <summary>workflows/notices/notices.yaml: issuers per profile, who is copied per kind, the escalation thresholds.</summary>
public sealed class NoticeSettings
{
    public const string DefaultCopies = "default";

    public NoticeSettings(IReadOnlyDictionary<string, NoticeIssuer> issuers,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> copies, EscalationPolicy escalation)
    {
        Issuers = issuers;
        Copies = copies;
        Escalation = escalation;
    }

    public IReadOnlyDictionary<string, NoticeIssuer> Issuers { get; }

    /// <summary>profile id (or "default") → message kind → roles copied.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Copies { get; }

    public EscalationPolicy Escalation { get; }

    public static string PathUnder(string workflowsDirectory) => Path.Combine(workflowsDirectory, "notices", "notices.yaml");

    public NoticeIssuer Issuer(string profileId) => Issuers.TryGetValue(profileId, out var issuer)
        ? issuer
        : throw new InvalidOperationException($"workflows/notices/notices.yaml names no issuer for profile '{profileId}'");

    /// <summary>The roles copied on a message of <paramref name="kind"/> in <paramref name="profileId"/>'s jurisdiction.</summary>
    public IReadOnlyList<string> CopiesFor(string? profileId, string kind) =>
        (profileId is not null && Copies.TryGetValue(profileId, out var own) && own.TryGetValue(kind, out var roles)) ? roles
        : Copies.TryGetValue(DefaultCopies, out var all) && all.TryGetValue(kind, out var fallback) ? fallback : [];

    /// <exception cref="FormatException">The file is malformed; the message has file:line:column and the reason.</exception>
    public static NoticeSettings Load(string path, IEnumerable<string> profileIds)
    {
        var shown = Path.Combine("workflows", "notices", Path.GetFileName(path));
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var issuers = Map(root, "issuers").ToDictionary(
                kv => kv.Key,
                kv => new NoticeIssuer(kv.Key, Text(kv.Value, "name"), Text(kv.Value, "abbreviation")));
            var missing = profileIds.Where(p => !issuers.ContainsKey(p)).ToList();
            if (missing.Count > 0)
            {
                throw new YamlException(root.Start, root.End, $"no issuer for profile(s) {string.Join(", ", missing)}");
            }

            var copies = Map(root, "copies").ToDictionary(
                kv => kv.Key,
                kv => (IReadOnlyDictionary<string, IReadOnlyList<string>>)Map(kv.Value, null).ToDictionary(
                    k => k.Key, k => (IReadOnlyList<string>)((YamlSequenceNode)k.Value).Children.Select(c => ((YamlScalarNode)c).Value!).ToList()));
            var policy = EscalationPolicy.FromSection((YamlMappingNode)root.Children[new YamlScalarNode("escalation")]);
            return new NoticeSettings(issuers, copies, policy);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{shown}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or FormatException)
        {
            throw new FormatException($"{shown}: {e.Message}", e);
        }
    }

    private static IEnumerable<KeyValuePair<string, YamlNode>> Map(YamlNode node, string? key)
    {
        var map = (YamlMappingNode)(key is null ? node : ((YamlMappingNode)node).Children[new YamlScalarNode(key)]);
        return map.Children.Select(kv => new KeyValuePair<string, YamlNode>(((YamlScalarNode)kv.Key).Value!, kv.Value));
    }

    private static string Text(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text }
            ? text
            : throw new YamlException(node.Start, node.End, $"'{key}' is missing or empty");
}
