using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Reporting;

/// <summary>A target and how far it got: by its last day (whether it was met) and to date (whether it still lags).</summary>
public sealed record TargetProgress(AnnualTarget Target, string RegionZh, int CityId, decimal ExitedByDue, decimal ExitedToDate)
{
    public bool MetByDue => ExitedByDue >= Target.Amount;

    public bool MetToDate => ExitedToDate >= Target.Amount;

    /// <summary>
    /// Still owed on <paramref name="today"/>: not met, and its last day no more than <paramref name="windowDays"/> back
    /// (older backlog is listed by the reports pages, not chased).
    /// </summary>
    public bool OwedOn(DateOnly today, int windowDays) => !MetToDate && Target.DueOn >= today.AddDays(-windowDays);

    /// <summary>An amount in the target's unit as people write it: 60万吨/年, 1.5万吨/年.</summary>
    public string Amount(decimal value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + Target.Unit;

    public string Subject => $"target:{Target.Id}";
}

/// <summary>
/// Progress on the regions' annual exit targets, measured from the cases themselves: the capacity (in the
/// target's unit) of the region's cases that ended exited (closed, accepted) from the start of the target's year.
/// Nothing is typed in: a region meets its target by exiting capacity, not by reporting that it did.
/// </summary>
public sealed class AnnualTargets(CapacityExitDbContext db)
{
    public async Task<IReadOnlyList<TargetProgress>> ProgressAsync(IReadOnlyCollection<int> years, int? cityId, CancellationToken cancellationToken)
    {
        var targets = await (
            from t in db.AnnualTargets.AsNoTracking()
            join j in db.Jurisdictions on t.JurisdictionId equals j.Id
            where years.Contains(t.Year) && (cityId == null || j.ParentId == cityId)
            orderby t.Year, j.Code, t.Description
            select new { Target = t, j.NameZh, CityId = j.ParentId ?? j.Id }).ToListAsync(cancellationToken);
        if (targets.Count == 0)
        {
            return [];
        }

        // One read of the exited capacity of the targets' counties since the earliest year asked for.
        var counties = targets.Select(t => t.Target.JurisdictionId).Distinct().ToList();
        var since = ChinaTime.StartOfDay(new DateOnly(targets.Min(t => t.Target.Year), 1, 1)).ToUniversalTime();
        var exited = await (
            from c in db.Cases
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where c.Status == CaseStatus.Exited && counties.Contains(c.CapacityItem!.Enterprise!.CountyId) && i.FinishedAt >= since
            select new { c.CapacityItem!.Enterprise!.CountyId, c.CapacityItem.Unit, c.CapacityItem.Amount, FinishedAt = i.FinishedAt!.Value }).ToListAsync(cancellationToken);
        var result = new List<TargetProgress>();
        foreach (var t in targets)
        {
            var yearStart = ChinaTime.StartOfDay(new DateOnly(t.Target.Year, 1, 1)).ToUniversalTime();
            var due = ChinaTime.StartOfDay(t.Target.DueOn.AddDays(1)).ToUniversalTime();
            var own = exited.Where(e => e.CountyId == t.Target.JurisdictionId && e.Unit == t.Target.Unit && e.FinishedAt >= yearStart).ToList();
            result.Add(new TargetProgress(t.Target, t.NameZh, t.CityId, own.Where(e => e.FinishedAt < due).Sum(e => e.Amount), own.Sum(e => e.Amount)));
        }

        return result;
    }
}
