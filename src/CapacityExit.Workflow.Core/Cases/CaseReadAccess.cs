using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>
/// Who may look at which cases (reading; acting is <see cref="Workflows.CaseAccess"/>). A bureau officer sees their
/// own bureau's cases; everyone else sees the cases of enterprises in their jurisdiction or below (属地责任): the
/// county officer their county, a city's office, supervisor and auditor the whole city, the administrator the
/// whole tree from where they sit. Every list and page filters through here, so a case out of scope is never shown.
/// </summary>
public sealed class CaseReadAccess(CapacityExitDbContext db)
{
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

        var within = (await JurisdictionsWithinAsync(person.JurisdictionId, cancellationToken)).ToList();
        return cases.Where(c => within.Contains(c.CapacityItem!.Enterprise!.CountyId));
    }

    public async Task<bool> CanSeeAsync(Person person, long caseId, CancellationToken cancellationToken) =>
        await (await VisibleCasesAsync(person, cancellationToken)).AnyAsync(c => c.Id == caseId, cancellationToken);
}
