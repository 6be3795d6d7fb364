using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Measures;

/// <summary>
/// Who may read and record the measures around an exit. Reading: the scope rule of <see cref="CaseReadAccess"/> (anyone
/// whose jurisdiction holds the county; a bureau officer's is the city). Recording: the city's leading-group office, which keeps the ledger and the support records;
/// replacement plans also by the city's development and reform bureau (项目核准备案); resettlement, funds and land
/// also by the county's own officer (属地责任, 000 §四.3).
/// </summary>
public sealed class MeasureAccess(CapacityExitDbContext db, CaseReadAccess read)
{
    public Task<Person> PersonAsync(string? login, CancellationToken cancellationToken) => read.PersonAsync(login, cancellationToken);

    /// <summary>
    /// The jurisdictions the person sees measures of: the scope rule (<see cref="CaseReadAccess"/>), administrators included
    /// (they once saw every city's measures but only their own city's cases).
    /// </summary>
    public Task<IReadOnlySet<int>> VisibleAsync(Person person, CancellationToken cancellationToken) => read.ReadableAsync(person, cancellationToken);

    public async Task EnsureCanRecordPlanAsync(Person person, Jurisdiction county, CancellationToken cancellationToken)
    {
        var own = county.ParentId == person.JurisdictionId;
        var allowed = own && (person.Role == Role.LeadingGroupOffice ||
            (person.Role == Role.BureauOfficer && await db.Bureaus.AnyAsync(b => b.Id == person.BureauId && b.Kind == BureauKind.Development, cancellationToken)));
        if (!allowed)
        {
            throw new WorkflowRuleException("role-not-allowed",
                $"{person.DisplayName}：只有{county.NameZh}所在市的领导小组办公室或发展改革部门可以登记产能置换方案",
                $"{person.Login}: only the leading-group office or the development and reform bureau of {county.NameZh}'s city records replacement plans");
        }
    }

    public async Task EnsureCanRecordSupportAsync(Person person, int countyId, CancellationToken cancellationToken)
    {
        var county = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == countyId, cancellationToken);
        var allowed = (person.Role == Role.LeadingGroupOffice && county.ParentId == person.JurisdictionId)
            || (person.Role == Role.CountyOfficer && person.JurisdictionId == countyId);
        if (!allowed)
        {
            throw new WorkflowRuleException("role-not-allowed",
                $"{person.DisplayName}：只有{county.NameZh}的县级经办人或所在市领导小组办公室可以登记职工安置、奖补资金和土地盘活",
                $"{person.Login}: only {county.NameZh}'s own officer or its city's leading-group office records resettlement, funds and land");
        }
    }
}
