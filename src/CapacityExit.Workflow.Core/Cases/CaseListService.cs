using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

public enum CaseSort
{
    NextDeadline,
    FindingDate,
    Enterprise,
    Number,
}

/// <summary>The case list's filters, search, sort and page, every part optional.</summary>
public sealed record CaseFilter
{
    public const int PageSize = 50;

    public CaseStatus? Status { get; init; } = CaseStatus.Open;

    public Standard? Standard { get; init; }

    public string? State { get; init; }

    public Industry? Industry { get; init; }

    public int? CountyId { get; init; }

    public int? BureauId { get; init; }

    public Card? Card { get; init; }

    /// <summary>Only cases whose next deadline falls within this many days from now (overdue included).</summary>
    public int? DueWithinDays { get; init; }

    /// <summary>Part of the enterprise's name, or its credit code.</summary>
    public string? Search { get; init; }

    public CaseSort Sort { get; init; } = CaseSort.NextDeadline;

    public bool Descending { get; init; }

    public int Page { get; init; }
}

/// <summary>A line of the case list.</summary>
public sealed record CaseRow
{
    public long Id { get; init; }

    public string Enterprise { get; init; } = "";

    public string CreditCode { get; init; } = "";

    public string County { get; init; } = "";

    public string Item { get; init; } = "";

    public Industry Industry { get; init; }

    public decimal Amount { get; init; }

    public string Unit { get; init; } = "";

    public Standard Standard { get; init; }

    public CaseStatus Status { get; init; }

    public string DefinitionId { get; init; } = "";

    public int Version { get; init; }

    public string State { get; init; } = "";

    public string Bureau { get; init; } = "";

    public DateOnly FindingDate { get; init; }

    public DateTimeOffset? NextDeadline { get; init; }
}

/// <summary>
/// The back office's case list: only the cases the person may see (<see cref="CaseReadAccess"/>), filtered,
/// searched, sorted and paged in the database. Cards are read from the definitions (a state's card), never typed.
/// </summary>
public sealed class CaseListService(CapacityExitDbContext db, CaseReadAccess access, WorkflowRuntime runtime, TimeProvider time)
{
    public async Task<(IReadOnlyList<CaseRow> Rows, int Total)> PageAsync(string? login, CaseFilter filter, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var cases = await CasesAsync(person, filter, cancellationToken);
        var matching = WithInstances(cases, filter, out var byInstance);
        // The next deadline is kept on the instance with every transition (WorkflowInstance.NextDeadlineAt), so sorting
        // 100,000 cases by it reads an index instead of computing it per case (docs/benchmarks.md, case list).
        var rows =
            from m in matching
            let c = m.Case
            let i = m.Instance
            select new CaseRow
            {
                Id = c.Id,
                Enterprise = c.CapacityItem!.Enterprise!.Name,
                CreditCode = c.CapacityItem.Enterprise.CreditCode,
                County = c.CapacityItem.Enterprise.County!.NameZh,
                Item = c.CapacityItem.Description,
                Industry = c.CapacityItem.Enterprise.Industry,
                Amount = c.CapacityItem.Amount,
                Unit = c.CapacityItem.Unit,
                Standard = c.Standard,
                Status = c.Status,
                DefinitionId = i.DefinitionId,
                Version = i.Version,
                State = i.State,
                Bureau = c.ResponsibleBureau!.NameZh,
                FindingDate = c.FindingDate,
                NextDeadline = i.NextDeadlineAt,
            };
        // A finished case has no pending deadline (leaving a step cancels its timers; a final step has none), so a list of
        // finished cases "by deadline" is a list by number: sorted so, the database need not walk the deadline index past
        // every open case to find none (docs/benchmarks.md).
        var sort = filter.Sort == CaseSort.NextDeadline && filter.Status is { } status && status != CaseStatus.Open ? CaseSort.Number : filter.Sort;
        // Ties break by number in the sort's own direction, so each order is one index read forwards or backwards.
        rows = (sort, filter.Descending) switch
        {
            (CaseSort.FindingDate, false) => rows.OrderBy(r => r.FindingDate).ThenBy(r => r.Id),
            (CaseSort.FindingDate, true) => rows.OrderByDescending(r => r.FindingDate).ThenByDescending(r => r.Id),
            (CaseSort.Enterprise, false) => rows.OrderBy(r => r.Enterprise).ThenBy(r => r.Id),
            (CaseSort.Enterprise, true) => rows.OrderByDescending(r => r.Enterprise).ThenByDescending(r => r.Id),
            (CaseSort.Number, false) => rows.OrderBy(r => r.Id),
            (CaseSort.Number, true) => rows.OrderByDescending(r => r.Id),
            (_, false) => rows.OrderBy(r => r.NextDeadline).ThenBy(r => r.Id), // no deadline sorts last in PostgreSQL
            (_, true) => rows.OrderByDescending(r => r.NextDeadline).ThenByDescending(r => r.Id),
        };
        var page = Math.Max(0, filter.Page);
        var list = await rows.Skip(page * CaseFilter.PageSize).Take(CaseFilter.PageSize).ToListAsync(cancellationToken);
        // Every case has its workflow instance (RegistryService starts it in the transaction that saves the case), so
        // without a filter on the step, card or deadline the cases alone are counted: no join with 100,000 instances.
        var total = byInstance ? await matching.CountAsync(cancellationToken) : await cases.CountAsync(cancellationToken);
        return (list, total);
    }

    /// <summary>The card a state gives, from its definition.</summary>
    public Card CardOf(CaseRow row) =>
        runtime.Catalog.TryGet(row.DefinitionId, row.Version, out var d) && d.States.TryGetValue(row.State, out var s) ? s.Card : Card.None;

    /// <summary>The state's title as its definition names it.</summary>
    public string StateTitle(string definitionId, int version, string state) =>
        runtime.Catalog.TryGet(definitionId, version, out var d) && d.States.TryGetValue(state, out var s) ? s.Title : state;

    /// <summary>A visible case with its workflow instance: the step, card and deadline filters read the instance directly.</summary>
    private sealed class Matching
    {
        public required Case Case { get; init; }

        public required WorkflowInstance Instance { get; init; }
    }

    /// <summary>The visible cases that pass the filters on the case, its enterprise and its bureau.</summary>
    private async Task<IQueryable<Case>> CasesAsync(Person person, CaseFilter filter, CancellationToken cancellationToken)
    {
        var cases = await access.VisibleCasesAsync(person, cancellationToken);
        if (filter.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (filter.Standard is { } standard)
        {
            cases = cases.Where(c => c.Standard == standard);
        }

        if (filter.Industry is { } industry)
        {
            cases = cases.Where(c => c.CapacityItem!.Enterprise!.Industry == industry);
        }

        if (filter.CountyId is { } county)
        {
            cases = cases.Where(c => c.CapacityItem!.Enterprise!.CountyId == county);
        }

        if (filter.BureauId is { } bureau)
        {
            cases = cases.Where(c => c.ResponsibleBureauId == bureau);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            cases = cases.Where(c => c.CapacityItem!.Enterprise!.CreditCode == term.ToUpper()
                || EF.Functions.ILike(c.CapacityItem.Enterprise.Name, pattern, "\\"));
        }

        return cases;
    }

    /// <summary>The cases with their instances, and the filters on the step, card and deadline (<paramref name="byInstance"/>: any of them given).</summary>
    private IQueryable<Matching> WithInstances(IQueryable<Case> cases, CaseFilter filter, out bool byInstance)
    {
        byInstance = !string.IsNullOrWhiteSpace(filter.State) || filter.Card is not null || filter.DueWithinDays is not null;
        var matching = from c in cases join i in db.WorkflowInstances on c.Id equals i.CaseId select new Matching { Case = c, Instance = i };
        if (!string.IsNullOrWhiteSpace(filter.State))
        {
            matching = matching.Where(m => m.Instance.State == filter.State);
        }

        if (filter.Card is { } card)
        {
            // The states of every definition version that give this card: "energy:1:rectifying", …
            var keys = runtime.Catalog.Definitions
                .SelectMany(d => d.States.Values.Where(s => s.Card == card).Select(s => $"{d.Id}:{d.Version}:{s.Name}")).ToList();
            matching = matching.Where(m => keys.Contains(m.Instance.DefinitionId + ":" + m.Instance.Version + ":" + m.Instance.State));
        }

        if (filter.DueWithinDays is { } days)
        {
            var until = time.GetUtcNow().AddDays(days);
            matching = matching.Where(m => m.Instance.NextDeadlineAt <= until);
        }

        return matching;
    }
}
