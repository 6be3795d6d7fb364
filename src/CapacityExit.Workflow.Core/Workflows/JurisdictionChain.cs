using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>A jurisdiction and those above it (county → city → province), and the profile that applies there.</summary>
public static class JurisdictionChain
{
    public static async Task<IReadOnlySet<int>> UpwardsAsync(CapacityExitDbContext db, int jurisdictionId, CancellationToken cancellationToken) =>
        (await JurisdictionTree.LoadAsync(db, cancellationToken)).Upwards(jurisdictionId);

    /// <summary>The nearest jurisdiction profile at or above <paramref name="jurisdictionId"/>, or null.</summary>
    public static async Task<string?> ProfileAsync(CapacityExitDbContext db, int jurisdictionId, CancellationToken cancellationToken) =>
        (await JurisdictionTree.LoadAsync(db, cancellationToken)).Profile(jurisdictionId);
}

/// <summary>
/// Every jurisdiction, read in one query (a country has a few thousand): the chains and profiles of <see cref="JurisdictionChain"/>
/// answered in memory, for one look-up or for every row of a census.
/// </summary>
public sealed class JurisdictionTree
{
    private readonly Dictionary<int, Jurisdiction> _byId;
    private readonly Dictionary<string, Jurisdiction> _byCode;
    private readonly Dictionary<int, IReadOnlySet<int>> _upwards = [];

    private JurisdictionTree(List<Jurisdiction> all)
    {
        _byId = all.ToDictionary(j => j.Id);
        _byCode = all.GroupBy(j => j.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public static async Task<JurisdictionTree> LoadAsync(CapacityExitDbContext db, CancellationToken cancellationToken) =>
        new(await db.Jurisdictions.AsNoTracking().ToListAsync(cancellationToken));

    public Jurisdiction? this[int id] => _byId.GetValueOrDefault(id);

    /// <summary>The counties, districts and development zones: where an enterprise lies.</summary>
    public IEnumerable<Jurisdiction> Counties => _byId.Values.Where(j => j.Level is JurisdictionLevel.CountyDistrict or JurisdictionLevel.DevelopmentZone);

    public Jurisdiction? ByCode(string? code) => code is null ? null : _byCode.GetValueOrDefault(code);

    /// <summary>The jurisdiction and those above it (remembered: a census asks for the same few counties over and over).</summary>
    public IReadOnlySet<int> Upwards(int jurisdictionId)
    {
        if (!_upwards.TryGetValue(jurisdictionId, out var set))
        {
            _upwards[jurisdictionId] = set = Chain(jurisdictionId).Select(j => j.Id).ToHashSet();
        }

        return set;
    }

    /// <summary>The nearest jurisdiction profile at or above <paramref name="jurisdictionId"/>, or null.</summary>
    public string? Profile(int jurisdictionId) => Chain(jurisdictionId).Select(j => j.ProfileId).FirstOrDefault(p => p is not null);

    private List<Jurisdiction> Chain(int jurisdictionId)
    {
        var chain = new List<Jurisdiction>();
        int? current = jurisdictionId;
        while (current is { } id && chain.Count < 10 && _byId.TryGetValue(id, out var row))
        {
            chain.Add(row);
            current = row.ParentId;
        }

        return chain;
    }
}
