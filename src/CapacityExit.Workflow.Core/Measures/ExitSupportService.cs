using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Measures;

public sealed record ResettlementInput(string? CreditCode, ResettlementCounts Counts, string? DocumentRef);

public sealed record FundInput(string? CreditCode, int Year, string? Source, string? DocumentRef, decimal Applied, decimal? Approved, decimal? Paid);

public sealed record LandInput(string? CreditCode, int Year, decimal AreaMu, string? Disposal, string? DocumentRef);

/// <summary>What one exiting enterprise has on record: its plan, funds and land.</summary>
public sealed record EnterpriseSupport(Enterprise Enterprise, string County, ResettlementPlan? Plan, IReadOnlyList<SupportFund> Funds, IReadOnlyList<LandReuse> Land);

/// <summary>A county's totals for one year, for the annual report (年度工作总结).</summary>
public sealed record SupportTotals(string County, int Year, int Enterprises, int WorkersAffected, int Transferred, int Reemployed, int EarlyRetired,
    int InsuranceContinued, decimal Applied, decimal Approved, decimal Paid, decimal LandMu);

/// <summary>
/// Support for exiting enterprises (000 §三.6 and §四.3, 001 §四, 002 §三): the worker resettlement plan — the first
/// priority (把职工安置作为重中之重): no exit is accepted without it — award and subsidy funds, and land reuse.
/// </summary>
public sealed class ExitSupportService(CapacityExitDbContext db, MeasureAccess access, TimeProvider time)
{
    public async Task<ResettlementPlan> RecordPlanAsync(string? login, ResettlementInput input, CancellationToken cancellationToken)
    {
        var (person, enterprise) = await EnterpriseForRecordingAsync(login, input.CreditCode, cancellationToken);
        var errors = ExitSupport.CheckPlan(input.Counts).ToList();
        CheckDocument(errors, input.DocumentRef, required: false);
        Throw(errors);
        var plan = await db.Set<ResettlementPlan>().SingleOrDefaultAsync(p => p.EnterpriseId == enterprise.Id, cancellationToken);
        if (plan is null)
        {
            plan = new ResettlementPlan { EnterpriseId = enterprise.Id, RecordedBy = person.Login };
            db.Add(plan);
        }

        // A corrected plan replaces the one on record: the plan is a standing document, not a history of drafts.
        (plan.WorkersAffected, plan.Transferred, plan.Reemployed, plan.EarlyRetired, plan.InsuranceContinued) =
            (input.Counts.WorkersAffected, input.Counts.Transferred, input.Counts.Reemployed, input.Counts.EarlyRetired, input.Counts.InsuranceContinued);
        plan.DocumentRef = Blank(input.DocumentRef);
        plan.RecordedBy = person.Login;
        plan.RecordedAt = time.GetUtcNow().ToUniversalTime();
        await db.SaveChangesAsync(cancellationToken);
        return plan;
    }

    public async Task<SupportFund> RecordFundAsync(string? login, long? fundId, FundInput input, CancellationToken cancellationToken)
    {
        var (person, enterprise) = await EnterpriseForRecordingAsync(login, input.CreditCode, cancellationToken);
        var errors = ExitSupport.CheckFund(new FundAmounts(input.Applied, input.Approved, input.Paid)).ToList();
        CheckText(errors, "source", input.Source, 200);
        CheckDocument(errors, input.DocumentRef, required: true);
        CheckYear(errors, input.Year);
        Throw(errors);
        SupportFund fund;
        if (fundId is { } id)
        {
            fund = await db.Set<SupportFund>().SingleOrDefaultAsync(f => f.Id == id && f.EnterpriseId == enterprise.Id, cancellationToken)
                ?? throw DomainValidationException.Single("fund", $"{enterprise.Name}没有编号为{id}的资金记录", $"{enterprise.Name} has no fund record {id}");
        }
        else
        {
            fund = new SupportFund { EnterpriseId = enterprise.Id, Source = "", DocumentRef = "", RecordedBy = person.Login };
            db.Add(fund);
        }

        (fund.Year, fund.Source, fund.DocumentRef, fund.Applied, fund.Approved, fund.Paid) =
            (input.Year, input.Source!.Trim(), input.DocumentRef!.Trim(), input.Applied, input.Approved, input.Paid);
        fund.RecordedBy = person.Login;
        fund.UpdatedAt = time.GetUtcNow().ToUniversalTime();
        await db.SaveChangesAsync(cancellationToken);
        return fund;
    }

    public async Task<LandReuse> RecordLandAsync(string? login, LandInput input, CancellationToken cancellationToken)
    {
        var (person, enterprise) = await EnterpriseForRecordingAsync(login, input.CreditCode, cancellationToken);
        var errors = new List<ValidationError>();
        if (input.AreaMu <= 0 || input.AreaMu > 1_000_000m)
        {
            errors.Add(new("areaMu", "土地面积（亩）必须大于0", "the area (mu) must be above 0"));
        }

        CheckText(errors, "disposal", input.Disposal, 100);
        CheckDocument(errors, input.DocumentRef, required: false);
        CheckYear(errors, input.Year);
        Throw(errors);
        var row = new LandReuse
        {
            EnterpriseId = enterprise.Id, Year = input.Year, AreaMu = input.AreaMu, Disposal = input.Disposal!.Trim(), DocumentRef = Blank(input.DocumentRef),
            RecordedBy = person.Login, RecordedAt = time.GetUtcNow().ToUniversalTime(),
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>
    /// The acceptance guard (000 §三.6: 把职工安置作为重中之重): an exit of <paramref name="caseId"/>'s enterprise cannot be
    /// accepted until its worker resettlement plan is on record. Called by the case service before anything is written.
    /// </summary>
    public static async Task EnsureResettlementPlanAsync(CapacityExitDbContext db, long caseId, CancellationToken cancellationToken)
    {
        var enterprise = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.CapacityItem!.Enterprise!.Id, c.CapacityItem.Enterprise.Name }).SingleAsync(cancellationToken);
        if (!await db.Set<ResettlementPlan>().AnyAsync(p => p.EnterpriseId == enterprise.Id, cancellationToken))
        {
            throw new WorkflowRuleException("resettlement-plan-missing",
                $"{enterprise.Name}尚未登记职工安置方案，不能验收退出：职工安置是产能退出的首要任务，请先在“职工安置与扶持”中登记安置方案",
                $"{enterprise.Name} has no worker resettlement plan on record, so its exit cannot be accepted: record the plan first");
        }
    }

    public async Task<EnterpriseSupport> ForEnterpriseAsync(string? login, string? creditCode, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var enterprise = await FindAsync(person, creditCode, cancellationToken);
        var county = await db.Jurisdictions.AsNoTracking().Where(j => j.Id == enterprise.CountyId).Select(j => j.NameZh).SingleAsync(cancellationToken);
        return new EnterpriseSupport(enterprise, county,
            await db.Set<ResettlementPlan>().AsNoTracking().SingleOrDefaultAsync(p => p.EnterpriseId == enterprise.Id, cancellationToken),
            await db.Set<SupportFund>().AsNoTracking().Where(f => f.EnterpriseId == enterprise.Id).OrderBy(f => f.Id).ToListAsync(cancellationToken),
            await db.Set<LandReuse>().AsNoTracking().Where(l => l.EnterpriseId == enterprise.Id).OrderBy(l => l.Id).ToListAsync(cancellationToken));
    }

    /// <summary>
    /// Totals per county for <paramref name="year"/> in the person's jurisdiction: resettlement of the enterprises whose
    /// exit was accepted that year, funds and land recorded for that year.
    /// </summary>
    public async Task<IReadOnlyList<SupportTotals>> TotalsAsync(string? login, int year, CancellationToken cancellationToken)
    {
        var thisYear = ChinaTime.Today(time).Year;
        if (year < 2000 || year > thisYear + 1)
        {
            throw DomainValidationException.Single("year", $"年度{year.ToString(CultureInfo.InvariantCulture)}不在2000至{thisYear + 1}年之间",
                $"{year} is not between 2000 and {thisYear + 1}");
        }

        var person = await access.PersonAsync(login, cancellationToken);
        var visible = (await access.VisibleAsync(person, cancellationToken)).ToList();
        var start = ChinaTime.StartOfDay(new DateOnly(year, 1, 1)).ToUniversalTime();
        var end = ChinaTime.StartOfDay(new DateOnly(year + 1, 1, 1)).ToUniversalTime();
        var exitedThatYear = await (
            from c in db.Cases
            join w in db.WorkflowInstances on c.Id equals w.CaseId
            where c.Status == CaseStatus.Exited && w.FinishedAt >= start && w.FinishedAt < end && visible.Contains(c.CapacityItem!.Enterprise!.CountyId)
            select c.CapacityItem!.EnterpriseId).Distinct().ToListAsync(cancellationToken);
        var plans = await db.Set<ResettlementPlan>().AsNoTracking().Where(p => exitedThatYear.Contains(p.EnterpriseId)).ToListAsync(cancellationToken);
        var funds = await db.Set<SupportFund>().AsNoTracking().Where(f => f.Year == year).ToListAsync(cancellationToken);
        var land = await db.Set<LandReuse>().AsNoTracking().Where(l => l.Year == year).ToListAsync(cancellationToken);
        var enterpriseIds = plans.Select(p => p.EnterpriseId).Concat(funds.Select(f => f.EnterpriseId)).Concat(land.Select(l => l.EnterpriseId)).Concat(exitedThatYear).Distinct().ToList();
        var counties = await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id) && visible.Contains(e.CountyId))
            .Select(e => new { e.Id, e.CountyId, County = e.County!.NameZh, e.County.Code }).ToListAsync(cancellationToken);
        return counties.GroupBy(e => (e.CountyId, e.County, e.Code)).OrderBy(g => g.Key.Code).Select(g =>
        {
            var ids = g.Select(e => e.Id).ToHashSet();
            var p = plans.Where(x => ids.Contains(x.EnterpriseId)).ToList();
            var f = funds.Where(x => ids.Contains(x.EnterpriseId)).ToList();
            return new SupportTotals(g.Key.County, year, exitedThatYear.Count(ids.Contains), p.Sum(x => x.WorkersAffected), p.Sum(x => x.Transferred), p.Sum(x => x.Reemployed),
                p.Sum(x => x.EarlyRetired), p.Sum(x => x.InsuranceContinued), f.Sum(x => x.Applied), f.Sum(x => x.Approved ?? 0), f.Sum(x => x.Paid ?? 0),
                land.Where(x => ids.Contains(x.EnterpriseId)).Sum(x => x.AreaMu));
        }).ToList();
    }

    /// <summary>
    /// Refuses, before any of the form's content is read, a person who may not record for the enterprise ("role-not-allowed"),
    /// and an enterprise outside their scope as one that does not exist: a request its sender may not make is refused as such.
    /// </summary>
    public async Task EnsureMayRecordAsync(string? login, string? creditCode, CancellationToken cancellationToken) =>
        await EnterpriseForRecordingAsync(login, creditCode, cancellationToken);

    private async Task<(Person Person, Enterprise Enterprise)> EnterpriseForRecordingAsync(string? login, string? creditCode, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var enterprise = await FindAsync(person, creditCode, cancellationToken);
        await access.EnsureCanRecordSupportAsync(person, enterprise.CountyId, cancellationToken);
        return (person, enterprise);
    }

    /// <summary>
    /// The enterprise of the credit code in the person's scope; one outside it is refused with the very words of one
    /// that does not exist (the scope rule: out of scope reads as absent, and no other jurisdiction's enterprise is named).
    /// </summary>
    private async Task<Enterprise> FindAsync(Person person, string? creditCode, CancellationToken cancellationToken)
    {
        var code = creditCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code) || InputText.HasControlCharacters(code))
        {
            throw DomainValidationException.Single("creditCode", "请填写企业的统一社会信用代码", "give the enterprise's credit code");
        }

        var visible = (await access.VisibleAsync(person, cancellationToken)).ToList();
        return await db.Enterprises.AsNoTracking().SingleOrDefaultAsync(e => e.CreditCode == code && visible.Contains(e.CountyId), cancellationToken)
            ?? throw DomainValidationException.Single("creditCode", $"没有统一社会信用代码为{code}的企业", $"no enterprise with credit code {code}");
    }

    private void CheckYear(List<ValidationError> errors, int year)
    {
        var today = ChinaTime.Today(time);
        if (year < today.Year - 5 || year > today.Year + 1)
        {
            errors.Add(new("year", $"年度{year.ToString(CultureInfo.InvariantCulture)}不在{today.Year - 5}至{today.Year + 1}年之间", $"{year} is not between {today.Year - 5} and {today.Year + 1}"));
        }
    }

    private static void CheckText(List<ValidationError> errors, string field, string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > max || InputText.HasControlCharacters(text))
        {
            errors.Add(new(field, $"不能为空，不超过{max}字，且不含控制字符", $"must be given, at most {max} characters, without control characters"));
        }
    }

    private static void CheckDocument(List<ValidationError> errors, string? text, bool required)
    {
        var missing = required && string.IsNullOrWhiteSpace(text);
        if (missing || (text is not null && (text.Length > 100 || InputText.HasControlCharacters(text))))
        {
            errors.Add(new("documentRef", required ? "请填写文件文号（不超过100字）" : "文号不超过100字，且不含控制字符",
                required ? "give the document's number (at most 100 characters)" : "at most 100 characters, without control characters"));
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Throw(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }
}
