using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Registry;

/// <summary>
/// Opening a case as a person does it on the web: the enterprise found by its credit code (or registered with it),
/// its capacity, the standard, the finding date and the responsible bureau, and the facts the standard's workflow
/// needs. Every field arrives as typed.
/// </summary>
public sealed record CaseOpening(
    string? CreditCode, string? EnterpriseName, string? Industry, string? CountyCode,
    string? Item, string? Amount, string? Unit,
    string? Standard, string? FindingDate, string? LegalBasis, string? BureauId,
    IReadOnlyDictionary<string, string>? Variables = null);

/// <summary>
/// Who may open a case, and the opening itself in one transaction: a bureau officer for their own bureau, the
/// leading-group office for a bureau in its jurisdiction (属地责任). The enterprise, its capacity item, the case and
/// its workflow are written together or not at all, through <see cref="RegistryService"/>'s validation.
/// </summary>
public sealed class CaseOpeningService(CapacityExitDbContext db, RegistryService registry)
{
    public async Task<Case> OpenAsync(string? login, CaseOpening input, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken)
            ?? throw DomainValidationException.Single("login", $"用户“{login}”不存在", $"no user '{login}'");
        if (person.Role is not (Role.BureauOfficer or Role.LeadingGroupOffice))
        {
            throw new WorkflowRuleException("role-not-allowed", "只有职能部门经办人和领导小组办公室可以立案", "only bureau officers and the leading-group office open cases");
        }

        var errors = new List<ValidationError>();
        foreach (var (field, value) in new[]
                 {
                     ("creditCode", input.CreditCode), ("enterpriseName", input.EnterpriseName), ("item", input.Item), ("unit", input.Unit),
                     ("legalBasis", input.LegalBasis), ("amount", input.Amount), ("findingDate", input.FindingDate),
                 })
        {
            if (InputText.Check(field, value) is { } e)
            {
                errors.Add(e);
            }
        }

        ThrowIfAny(errors);
        var code = input.CreditCode?.Trim().ToUpperInvariant();
        if (CreditCode.Validate(code) is { } codeError)
        {
            errors.Add(codeError with { Field = "creditCode" });
        }

        if (!decimal.TryParse(input.Amount?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            errors.Add(new("amount", $"产能“{input.Amount}”不是数字", $"capacity '{input.Amount}' is not a number"));
        }

        if (!DateOnly.TryParseExact(input.FindingDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var found))
        {
            errors.Add(new("findingDate", $"认定日期“{input.FindingDate}”应写作 YYYY-MM-DD", $"finding date '{input.FindingDate}' should read YYYY-MM-DD"));
        }

        if (!int.TryParse(input.BureauId, out var bureauId))
        {
            errors.Add(new("bureauId", "请选择责任部门", "choose the responsible bureau"));
        }
        else if (!await MayOpenForAsync(person, bureauId, cancellationToken))
        {
            throw new WorkflowRuleException("role-not-allowed", "只能为本部门（或本辖区的部门）立案", "you may open cases only for your own bureau (or, as the office, your jurisdiction's)");
        }

        ThrowIfAny(errors);
        // A caller that opens several cases at once (the census import) or records more with the opening (a verified
        // public report) holds the transaction; then a refusal is the caller's to roll back.
        if (db.Database.CurrentTransaction is not null)
        {
            return await WriteAsync(person, input, code, amount, found, bureauId, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var opened = await WriteAsync(person, input, code, amount, found, bureauId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return opened;
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private async Task<Case> WriteAsync(Person person, CaseOpening input, string? code, decimal amount, DateOnly found, int bureauId, CancellationToken cancellationToken)
    {
        var enterprise = await db.Enterprises.SingleOrDefaultAsync(e => e.CreditCode == code, cancellationToken)
            ?? await registry.CreateEnterpriseAsync(new NewEnterprise(input.EnterpriseName, code, input.Industry, input.CountyCode), cancellationToken);
        var item = await registry.AddCapacityItemAsync(new NewCapacityItem(enterprise.Id, input.Item, amount, input.Unit), cancellationToken);
        return await registry.OpenCaseAsync(new NewCase(item.Id, input.Standard, found, input.LegalBasis, bureauId, input.Variables), cancellationToken, person.Login);
    }

    /// <summary>The bureaus this person may open a case for (for the form's choices, the same rule as the check).</summary>
    public async Task<IReadOnlyList<Bureau>> BureausForAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken);
        if (person is null)
        {
            return [];
        }

        var all = await db.Bureaus.AsNoTracking().Include(b => b.Jurisdiction).Where(b => b.Kind != BureauKind.LeadingGroupOffice).OrderBy(b => b.Id).ToListAsync(cancellationToken);
        var result = new List<Bureau>();
        foreach (var b in all)
        {
            if (await MayOpenForAsync(person, b.Id, cancellationToken))
            {
                result.Add(b);
            }
        }

        return result;
    }

    private async Task<bool> MayOpenForAsync(Person person, int bureauId, CancellationToken cancellationToken)
    {
        if (person.Role == Role.BureauOfficer)
        {
            return person.BureauId == bureauId;
        }

        var bureau = await db.Bureaus.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bureauId, cancellationToken);
        return bureau is not null && person.Role == Role.LeadingGroupOffice
            && (await JurisdictionChain.UpwardsAsync(db, bureau.JurisdictionId, cancellationToken)).Contains(person.JurisdictionId);
    }

    private static void ThrowIfAny(List<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }
}
