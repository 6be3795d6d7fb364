using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>
/// THE scope rule (docs/security.md, "Who reads what"), the one place every list, page, API operation and export asks
/// what a person may read. Every record belongs to a jurisdiction (a case and its documents, tasks and measures to its
/// enterprise's county; a notice, report, target or programme task to its region; a mail to the region it is about);
/// a person reads the records of their own jurisdiction and every one below it (属地责任), whatever their role:
/// the county officer their county, a city's office, bureaus, supervisor and auditor the whole city, and an
/// administrator, like anyone, the tree from where their account sits (the demo's <c>admin</c> sits at 郴州). One
/// narrowing: a bureau officer reads only their own bureau's cases. Acting is decided by
/// <see cref="Workflows.CaseAccess"/> and the engine, inside this scope (<see cref="Covers"/>).
/// A record outside the scope answers exactly as a missing one: callers return their "no such" answer, never a
/// refusal naming it.
/// </summary>
public sealed class CaseReadAccess(CapacityExitDbContext db)
{
    /// <summary>
    /// The rule in one line: a record whose jurisdiction chain (its jurisdiction and every one above it) holds the
    /// person's jurisdiction is in the person's scope.
    /// </summary>
    public static bool Covers(Person person, IReadOnlySet<int> recordJurisdictionAndAncestors) =>
        recordJurisdictionAndAncestors.Contains(person.JurisdictionId);

    /// <summary>The jurisdictions whose records <paramref name="person"/> reads: their own and every one below.</summary>
    public Task<IReadOnlySet<int>> ReadableAsync(Person person, CancellationToken cancellationToken) =>
        JurisdictionsWithinAsync(person.JurisdictionId, cancellationToken);

    /// <summary>Whether a record of <paramref name="jurisdictionId"/> is in <paramref name="person"/>'s scope (null: of no jurisdiction, no).</summary>
    public async Task<bool> ReadsAsync(Person person, int? jurisdictionId, CancellationToken cancellationToken) =>
        jurisdictionId is { } id && (await ReadableAsync(person, cancellationToken)).Contains(id);

    private Dictionary<int, int?>? _parents;

    /// <summary>The signed-in person, or a refusal naming the login.</summary>
    public async Task<Person> PersonAsync(string? login, CancellationToken cancellationToken) =>
        await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken)
        ?? throw DomainValidationException.Single("login", $"用户“{login}”不存在", $"no user '{login}'");

    /// <summary>The jurisdiction and every one below it.</summary>
    public async Task<IReadOnlySet<int>> JurisdictionsWithinAsync(int jurisdictionId, CancellationToken cancellationToken)
    {
        _parents ??= await db.Jurisdictions.AsNoTracking().ToDictionaryAsync(j => j.Id, j => j.ParentId, cancellationToken);
        var within = new HashSet<int> { jurisdictionId };
        bool grew;
        do
        {
            grew = false;
            foreach (var (id, parent) in _parents)
            {
                if (parent is { } p && within.Contains(p) && within.Add(id))
                {
                    grew = true;
                }
            }
        }
        while (grew);
        return within;
    }

    /// <summary>The cases <paramref name="person"/> may see, as a query to filter further.</summary>
    public async Task<IQueryable<Case>> VisibleCasesAsync(Person person, CancellationToken cancellationToken)
    {
        var cases = db.Cases.AsNoTracking();
        if (person.Role == Role.BureauOfficer)
        {
            return cases.Where(c => c.ResponsibleBureauId == person.BureauId);
        }

        var within = (await ReadableAsync(person, cancellationToken)).ToList();
        return cases.Where(c => within.Contains(c.CapacityItem!.Enterprise!.CountyId));
    }

    public async Task<bool> CanSeeAsync(Person person, long caseId, CancellationToken cancellationToken) =>
        await (await VisibleCasesAsync(person, cancellationToken)).AnyAsync(c => c.Id == caseId, cancellationToken);
}
