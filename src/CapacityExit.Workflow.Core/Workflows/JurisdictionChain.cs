using CapacityExit.Workflow.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>A jurisdiction and those above it (county → city → province), and the profile that applies there.</summary>
public static class JurisdictionChain
{
    public static async Task<IReadOnlySet<int>> UpwardsAsync(CapacityExitDbContext db, int jurisdictionId, CancellationToken cancellationToken) =>
        (await ChainAsync(db, jurisdictionId, cancellationToken)).Select(j => j.Id).ToHashSet();

    /// <summary>The nearest jurisdiction profile at or above <paramref name="jurisdictionId"/>, or null.</summary>
    public static async Task<string?> ProfileAsync(CapacityExitDbContext db, int jurisdictionId, CancellationToken cancellationToken) =>
        (await ChainAsync(db, jurisdictionId, cancellationToken)).Select(j => j.ProfileId).FirstOrDefault(p => p is not null);

    private static async Task<List<(int Id, string? ProfileId)>> ChainAsync(CapacityExitDbContext db, int jurisdictionId, CancellationToken cancellationToken)
    {
        var chain = new List<(int, string?)>();
        int? current = jurisdictionId;
        while (current is { } id && chain.Count < 10)
        {
            var row = await db.Jurisdictions.AsNoTracking().Where(j => j.Id == id).Select(j => new { j.ParentId, j.ProfileId }).SingleOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                break;
            }

            chain.Add((id, row.ProfileId));
            current = row.ParentId;
        }

        return chain;
    }
}
