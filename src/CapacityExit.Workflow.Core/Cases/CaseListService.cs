using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using System.Linq.Expressions;
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
    /// <summary>Timer kinds that are not a case's deadline: reminders of one, task escalations, recurring days.</summary>
    private IReadOnlyList<string> NotDeadlines => _notDeadlines ??= ["reminder", "task-escalation",
        .. runtime.Catalog.Definitions.SelectMany(d => d.CaseTimers.Concat(d.States.Values.SelectMany(s => s.Timers)))
            .Where(t => t.Due is RecurringDue).Select(t => t.Name).Distinct()];

    private IReadOnlyList<string>? _notDeadlines;

    public async Task<(IReadOnlyList<CaseRow> Rows, int Total)> PageAsync(string? login, CaseFilter filter, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var cases = await MatchingAsync(person, filter, cancellationToken);
        var notDeadlines = NotDeadlines.ToList();
        var pending = db.WorkflowTimers.Where(t => t.Status == TimerStatus.Pending && !notDeadlines.Contains(t.Kind));
        IQueryable<CaseRow> rows;
        if (filter.Sort == CaseSort.NextDeadline)
        {
            // Sorted by deadline, every matching case needs its deadline before the page can be cut: one grouped pass
            // over the pending timers, joined, instead of a subquery per case (measured: docs/benchmarks.md, case list).
            var next = pending.GroupBy(t => t.CaseId).Select(g => new { CaseId = g.Key, Due = g.Min(t => t.DueAt) });
            rows = (
                from c in cases
                join i in db.WorkflowInstances on c.Id equals i.CaseId
                join n in next on c.Id equals n.CaseId into nj
                from n in nj.DefaultIfEmpty()
                select new Joined { Case = c, Instance = i, Due = n == null ? null : (DateTimeOffset?)n.Due }).Select(ToRow);
            rows = filter.Descending
                ? rows.OrderByDescending(r => r.NextDeadline).ThenBy(r => r.Id)
                : rows.OrderBy(r => r.NextDeadline).ThenBy(r => r.Id); // no deadline sorts last in PostgreSQL
        }
        else
        {
            // Sorted by anything else, the deadline is needed for the page's 50 rows only.
            rows = (
                from c in cases
                join i in db.WorkflowInstances on c.Id equals i.CaseId
                select new Joined { Case = c, Instance = i, Due = pending.Where(t => t.CaseId == c.Id).Min(t => (DateTimeOffset?)t.DueAt) })
                .Select(ToRow);
            rows = (filter.Sort, filter.Descending) switch
            {
                (CaseSort.FindingDate, false) => rows.OrderBy(r => r.FindingDate).ThenBy(r => r.Id),
                (CaseSort.FindingDate, true) => rows.OrderByDescending(r => r.FindingDate).ThenBy(r => r.Id),
                (CaseSort.Enterprise, false) => rows.OrderBy(r => r.Enterprise).ThenBy(r => r.Id),
                (CaseSort.Enterprise, true) => rows.OrderByDescending(r => r.Enterprise).ThenBy(r => r.Id),
                (_, false) => rows.OrderBy(r => r.Id),
                (_, true) => rows.OrderByDescending(r => r.Id),
            };
        }

        var page = Math.Max(0, filter.Page);
        var list = await rows.Skip(page * CaseFilter.PageSize).Take(CaseFilter.PageSize).ToListAsync(cancellationToken);
        return (list, await cases.CountAsync(cancellationToken));
    }

    private static readonly Expression<Func<Joined, CaseRow>> ToRow = j => new CaseRow
    {
        Id = j.Case.Id,
        Enterprise = j.Case.CapacityItem!.Enterprise!.Name,
        CreditCode = j.Case.CapacityItem.Enterprise.CreditCode,
        County = j.Case.CapacityItem.Enterprise.County!.NameZh,
        Item = j.Case.CapacityItem.Description,
        Industry = j.Case.CapacityItem.Enterprise.Industry,
        Amount = j.Case.CapacityItem.Amount,
        Unit = j.Case.CapacityItem.Unit,
        Standard = j.Case.Standard,
        Status = j.Case.Status,
        DefinitionId = j.Instance.DefinitionId,
        Version = j.Instance.Version,
        State = j.Instance.State,
        Bureau = j.Case.ResponsibleBureau!.NameZh,
        FindingDate = j.Case.FindingDate,
        NextDeadline = j.Due,
    };

    /// <summary>The card a state gives, from its definition.</summary>
    public Card CardOf(CaseRow row) =>
        runtime.Catalog.TryGet(row.DefinitionId, row.Version, out var d) && d.States.TryGetValue(row.State, out var s) ? s.Card : Card.None;

    /// <summary>The state's title as its definition names it.</summary>
    public string StateTitle(string definitionId, int version, string state) =>
        runtime.Catalog.TryGet(definitionId, version, out var d) && d.States.TryGetValue(state, out var s) ? s.Title : state;

    /// <summary>A case, its workflow instance and its next deadline, before they become a row.</summary>
    private sealed class Joined
    {
        public required Case Case { get; init; }

        public required WorkflowInstance Instance { get; init; }

        public DateTimeOffset? Due { get; init; }
    }

    private async Task<IQueryable<Case>> MatchingAsync(Person person, CaseFilter filter, CancellationToken cancellationToken)
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

        if (!string.IsNullOrWhiteSpace(filter.State))
        {
            cases = cases.Where(c => db.WorkflowInstances.Any(i => i.CaseId == c.Id && i.State == filter.State));
        }

        if (filter.Card is { } card)
        {
            // The states of every definition version that give this card: "energy:1:rectifying", …
            var keys = runtime.Catalog.Definitions
                .SelectMany(d => d.States.Values.Where(s => s.Card == card).Select(s => $"{d.Id}:{d.Version}:{s.Name}")).ToList();
            cases = cases.Where(c => db.WorkflowInstances.Any(i => i.CaseId == c.Id && keys.Contains(i.DefinitionId + ":" + i.Version + ":" + i.State)));
        }

        if (filter.DueWithinDays is { } days)
        {
            var until = time.GetUtcNow().AddDays(days);
            var notDeadlines = NotDeadlines.ToList();
            cases = cases.Where(c => db.WorkflowTimers.Any(t =>
                t.CaseId == c.Id && t.Status == TimerStatus.Pending && !notDeadlines.Contains(t.Kind) && t.DueAt <= until));
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
}
