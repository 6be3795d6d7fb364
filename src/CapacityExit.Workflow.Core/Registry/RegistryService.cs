using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CapacityExit.Workflow.Core.Registry;

/// <summary>
/// Registers enterprises, their capacity and the cases found against it. Every input is checked in full
/// before anything is written; a bad input raises <see cref="DomainValidationException"/> and writes nothing.
/// </summary>
public sealed class RegistryService(CapacityExitDbContext db, TimeProvider time, WorkflowStarter workflows)
{
    private const int MaxName = 200;

    public async Task<Enterprise> CreateEnterpriseAsync(NewEnterprise input, CancellationToken cancellationToken)
    {
        // Before any look-up: a control character would otherwise reach PostgreSQL (which refuses NUL) as a query.
        ThrowIfAny(new[]
        {
            InputText.Check("name", input.Name), InputText.Check("creditCode", input.CreditCode), InputText.Check("industry", input.Industry),
            InputText.Check("countyCode", input.CountyCode), InputText.Check("contactName", input.ContactName),
            InputText.Check("contactPhone", input.ContactPhone), InputText.Check("contactEmail", input.ContactEmail),
        }.OfType<ValidationError>().ToList());
        var errors = new List<ValidationError>();
        var name = Required(input.Name, "name", "企业名称", MaxName, errors);
        var code = input.CreditCode?.Trim().ToUpperInvariant();
        if (CreditCode.Validate(code) is { } codeError)
        {
            errors.Add(codeError);
        }
        else if (await db.Enterprises.AnyAsync(e => e.CreditCode == code, cancellationToken))
        {
            errors.Add(new("creditCode", $"统一社会信用代码“{code}”已登记", $"credit code '{code}' is already registered"));
        }

        if (!IndustryNames.TryParse(input.Industry, out var industry))
        {
            errors.Add(new("industry", $"未知行业“{input.Industry}”", $"unknown industry '{input.Industry}'"));
        }

        var county = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Code == input.CountyCode, cancellationToken);
        if (county is null)
        {
            errors.Add(new("countyCode", $"未知的县（市、区）代码“{input.CountyCode}”", $"unknown county code '{input.CountyCode}'"));
        }
        else if (county.Level is not (JurisdictionLevel.CountyDistrict or JurisdictionLevel.DevelopmentZone))
        {
            errors.Add(new("countyCode", $"“{county.NameZh}”不是县（市、区）或开发区", $"'{county.Code}' is not a county, district or development zone"));
        }

        if (input.ContactEmail is { Length: > 0 } email && (!email.Contains('@') || email.Length > MaxName))
        {
            errors.Add(new("contactEmail", $"联系邮箱“{email}”格式不正确", $"contact email '{email}' is not an address"));
        }

        ThrowIfAny(errors);
        var enterprise = new Enterprise
        {
            Name = name!, CreditCode = code!, Industry = industry, CountyId = county!.Id,
            ContactName = input.ContactName?.Trim(), ContactPhone = input.ContactPhone?.Trim(), ContactEmail = input.ContactEmail?.Trim(),
        };
        db.Enterprises.Add(enterprise);
        await db.SaveChangesAsync(cancellationToken);
        return enterprise;
    }

    public async Task<CapacityItem> AddCapacityItemAsync(NewCapacityItem input, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        if (!await db.Enterprises.AnyAsync(e => e.Id == input.EnterpriseId, cancellationToken))
        {
            errors.Add(new("enterpriseId", $"企业{input.EnterpriseId}不存在", $"enterprise {input.EnterpriseId} does not exist"));
        }

        var description = Required(input.Description, "description", "生产线或主体设备", 300, errors);
        var unit = Required(input.Unit, "unit", "产能单位", 30, errors);
        if (input.Amount <= 0)
        {
            errors.Add(new("amount", $"产能必须大于零，实际为{input.Amount}", $"capacity must be greater than zero, it is {input.Amount}"));
        }
        else if (input.Amount >= 100_000_000_000m)
        {
            errors.Add(new("amount", $"产能{input.Amount}超出范围", $"capacity {input.Amount} is out of range"));
        }

        ThrowIfAny(errors);
        var item = new CapacityItem { EnterpriseId = input.EnterpriseId, Description = description!, Amount = input.Amount, Unit = unit! };
        db.CapacityItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return item;
    }

    public async Task<Case> OpenCaseAsync(NewCase input, CancellationToken cancellationToken, string? actor = null)
    {
        var errors = new List<ValidationError>();
        var item = await db.CapacityItems.Include(c => c.Enterprise)
            .SingleOrDefaultAsync(c => c.Id == input.CapacityItemId, cancellationToken);
        if (item is null)
        {
            errors.Add(new("capacityItemId", $"产能项{input.CapacityItemId}不存在", $"capacity item {input.CapacityItemId} does not exist"));
        }

        if (!StandardNames.TryParse(input.Standard, out var standard))
        {
            errors.Add(new("standard", $"未知标准“{input.Standard}”（应为能耗、环保、质量、安全或技术）",
                $"unknown standard '{input.Standard}' (energy, environment, quality, safety or technology)"));
        }

        var today = ChinaTime.Today(time);
        if (input.FindingDate > today)
        {
            errors.Add(new("findingDate", $"发现日期{input.FindingDate:yyyy-MM-dd}晚于今天（{today:yyyy-MM-dd}）",
                $"finding date {input.FindingDate:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})"));
        }

        var legalBasis = Required(input.LegalBasis, "legalBasis", "法律依据", 2000, errors);
        var bureau = await db.Bureaus.SingleOrDefaultAsync(b => b.Id == input.ResponsibleBureauId, cancellationToken);
        if (bureau is null)
        {
            errors.Add(new("responsibleBureauId", $"责任部门{input.ResponsibleBureauId}不存在", $"bureau {input.ResponsibleBureauId} does not exist"));
        }
        else if (errors.All(e => e.Field != "standard") && !bureau.Standards.Contains(standard))
        {
            errors.Add(new("responsibleBureauId", $"{bureau.NameZh}不负责{standard.Zh()}标准", $"{bureau.NameZh} does not enforce the {standard.Id()} standard"));
        }
        else if (item?.Enterprise is { } enterprise
                 && !(await JurisdictionChain.UpwardsAsync(db, enterprise.CountyId, cancellationToken)).Contains(bureau.JurisdictionId))
        {
            errors.Add(new("responsibleBureauId", $"{bureau.NameZh}的辖区不包含该企业所在地", $"the enterprise lies outside {bureau.NameZh}'s jurisdiction"));
        }

        var profileId = item?.Enterprise is { } owner ? await JurisdictionChain.ProfileAsync(db, owner.CountyId, cancellationToken) : null;
        if (item?.Enterprise is not null && profileId is null)
        {
            errors.Add(new("capacityItemId", "企业所在地没有适用的工作方案（jurisdiction profile）", "no jurisdiction profile applies where the enterprise lies"));
        }

        ThrowIfAny(errors);
        var entity = new Case
        {
            CapacityItemId = item!.Id, Standard = standard, FindingDate = input.FindingDate, LegalBasis = legalBasis!,
            ResponsibleBureauId = bureau!.Id, Status = CaseStatus.Open, CreatedAt = time.GetUtcNow().ToUniversalTime(),
        };
        // A caller that opens the enterprise, its item and the case together (CaseOpeningService) holds the transaction.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var transaction = own ?? db.Database.CurrentTransaction!;
        db.Cases.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            // The workflow starts in the case's own transaction: a refusal (say, an environmental order without
            // its period) leaves neither the case nor any timer behind.
            await workflows.StartAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(),
                entity, profileId!, input.Variables ?? new Dictionary<string, string>(), actor ?? "registry", cancellationToken);
        }
        catch (WorkflowRuleException e)
        {
            if (own is not null)
            {
                await own.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            throw DomainValidationException.Single("variables", e.MessageZh, e.Message);
        }

        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
            await own.DisposeAsync();
        }

        return entity;
    }

    private static string? Required(string? value, string field, string labelZh, int maxLength, List<ValidationError> errors)
    {
        var trimmed = value?.Trim();
        if (InputText.Check(field, trimmed) is { } control)
        {
            errors.Add(control);
            return null;
        }

        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(new(field, $"{labelZh}不能为空", $"{field} is required"));
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            errors.Add(new(field, $"{labelZh}过长：最多{maxLength}字，实际{trimmed.Length}字", $"{field} is too long: at most {maxLength} characters, got {trimmed.Length}"));
            return null;
        }

        return trimmed;
    }

    private static void ThrowIfAny(List<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }
}
