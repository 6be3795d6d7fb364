using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Bench;

public enum CaseListSort
{
    NextDeadline,
    FindingDateNewest,
}

/// <summary>One request of the back office's case list: filters, sort, page (of 50).</summary>
public sealed record CaseListFilter(CaseStatus? Status, Standard? Standard, int? BureauId, int? CityId, CaseListSort Sort, int Page)
{
    public const int PageSize = 50;

    public override string ToString() =>
        $"status={Status?.ToString() ?? "*"} standard={Standard?.ToString() ?? "*"} bureau={BureauId?.ToString() ?? "*"} city={CityId?.ToString() ?? "*"} sort={Sort} page={Page}";
}

/// <summary>A line of the list (init properties, not a positional record: EF Core sorts on a projection's members only then).</summary>
public sealed record CaseListRow
{
    public long Id { get; init; }

    public string Enterprise { get; init; } = "";

    public string Item { get; init; } = "";

    public Standard Standard { get; init; }

    public CaseStatus Status { get; init; }

    public DateOnly FindingDate { get; init; }

    public string Bureau { get; init; } = "";

    public string? Step { get; init; }

    public DateTimeOffset? NextDeadline { get; init; }
}

/// <summary>
/// The case list as the back office would write it, in EF Core LINQ on <see cref="CapacityExitDbContext"/>: the
/// filtered cases with enterprise, item, bureau, workflow step and next deadline (the earliest pending timer),
/// sorted, one page of 50, and the total for the pager.
/// </summary>
public static class CaseListQuery
{
    /// <summary>
    /// The page's rows. Sorted by next deadline, the deadline comes from one grouped pass over the pending timers,
    /// joined to the cases (<paramref name="correlated"/>: from a subquery per case instead, which PostgreSQL then
    /// runs for every matching case before it can sort: the plain way to write it, measured too, and slower).
    /// Sorted by finding date, the subquery runs only for the 50 rows of the page.
    /// </summary>
    public static IQueryable<CaseListRow> Rows(CapacityExitDbContext db, CaseListFilter filter, bool correlated = false)
    {
        var cases = Matching(db, filter);
        if (filter.Sort == CaseListSort.NextDeadline && !correlated)
        {
            var next = db.WorkflowTimers.Where(t => t.Status == TimerStatus.Pending)
                .GroupBy(t => t.CaseId).Select(g => new { CaseId = g.Key, Due = g.Min(t => t.DueAt) });
            var joined =
                from c in cases
                join n in next on c.Id equals n.CaseId into nj
                from n in nj.DefaultIfEmpty()
                orderby n == null ? null : (DateTimeOffset?)n.Due, c.Id // PostgreSQL sorts nulls (no pending deadline) last
                select new CaseListRow
                {
                    Id = c.Id,
                    Enterprise = c.CapacityItem!.Enterprise!.Name,
                    Item = c.CapacityItem.Description,
                    Standard = c.Standard,
                    Status = c.Status,
                    FindingDate = c.FindingDate,
                    Bureau = c.ResponsibleBureau!.NameZh,
                    Step = db.WorkflowInstances.Where(i => i.CaseId == c.Id).Select(i => i.State).FirstOrDefault(),
                    NextDeadline = n == null ? null : n.Due,
                };
            return joined.Skip(filter.Page * CaseListFilter.PageSize).Take(CaseListFilter.PageSize);
        }

        var rows = cases.Select(c => new CaseListRow
        {
            Id = c.Id,
            Enterprise = c.CapacityItem!.Enterprise!.Name,
            Item = c.CapacityItem.Description,
            Standard = c.Standard,
            Status = c.Status,
            FindingDate = c.FindingDate,
            Bureau = c.ResponsibleBureau!.NameZh,
            Step = db.WorkflowInstances.Where(i => i.CaseId == c.Id).Select(i => i.State).FirstOrDefault(),
            NextDeadline = db.WorkflowTimers.Where(t => t.CaseId == c.Id && t.Status == TimerStatus.Pending).Min(t => (DateTimeOffset?)t.DueAt),
        });
        rows = filter.Sort == CaseListSort.NextDeadline
            ? rows.OrderBy(r => r.NextDeadline).ThenBy(r => r.Id) // PostgreSQL sorts nulls (no pending deadline) last
            : rows.OrderByDescending(r => r.FindingDate).ThenBy(r => r.Id);
        return rows.Skip(filter.Page * CaseListFilter.PageSize).Take(CaseListFilter.PageSize);
    }

    public static IQueryable<Case> Matching(CapacityExitDbContext db, CaseListFilter filter)
    {
        var cases = db.Cases.AsNoTracking();
        if (filter.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (filter.Standard is { } standard)
        {
            cases = cases.Where(c => c.Standard == standard);
        }

        if (filter.BureauId is { } bureau)
        {
            cases = cases.Where(c => c.ResponsibleBureauId == bureau);
        }

        return filter.CityId is { } city ? cases.Where(c => c.CapacityItem!.Enterprise!.County!.ParentId == city) : cases;
    }

    /// <summary>A page as the back office shows it: the rows and the total the pager needs.</summary>
    public static async Task<(List<CaseListRow> Rows, int Total)> PageAsync(CapacityExitDbContext db, CaseListFilter filter, bool correlated, CancellationToken cancellationToken)
    {
        var rows = await Rows(db, filter, correlated).ToListAsync(cancellationToken);
        var total = await Matching(db, filter).CountAsync(cancellationToken);
        return (rows, total);
    }
}
