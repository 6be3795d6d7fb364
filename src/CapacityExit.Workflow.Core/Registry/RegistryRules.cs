using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Registry;

/// <summary>
/// The registry's rules for an enterprise, a capacity item and a case, as pure checks over what was read from the database
/// beforehand. <see cref="RegistryService"/> reads for one input at a time; <see cref="OpeningRules"/> (立案, one case or a
/// whole census) reads once for many. Each check adds what is wrong to <c>errors</c> and gives the row to write when nothing is.
/// </summary>
public static class RegistryRules
{
    public const int MaxName = 200;

    public static string? NormalCreditCode(string? code) => code?.Trim().ToUpperInvariant();

    /// <summary>Before any look-up: a control character would otherwise reach PostgreSQL (which refuses NUL) as a query.</summary>
    public static List<ValidationError> EnterpriseControls(NewEnterprise input) => new[]
    {
        InputText.Check("name", input.Name), InputText.Check("creditCode", input.CreditCode), InputText.Check("industry", input.Industry),
        InputText.Check("countyCode", input.CountyCode), InputText.Check("contactName", input.ContactName),
        InputText.Check("contactPhone", input.ContactPhone), InputText.Check("contactEmail", input.ContactEmail),
    }.OfType<ValidationError>().ToList();

    /// <param name="registered">Whether an enterprise holds this credit code already.</param>
    /// <param name="county">The jurisdiction of <see cref="NewEnterprise.CountyCode"/>, or null.</param>
    public static Enterprise? Enterprise(NewEnterprise input, bool registered, Jurisdiction? county, List<ValidationError> errors)
    {
        var before = errors.Count;
        var name = Required(input.Name, "name", "企业名称", MaxName, errors);
        var code = NormalCreditCode(input.CreditCode);
        if (CreditCode.Validate(code) is { } codeError)
        {
            errors.Add(codeError);
        }
        else if (registered)
        {
            errors.Add(new("creditCode", $"统一社会信用代码“{code}”已登记", $"credit code '{code}' is already registered"));
        }

        if (!IndustryNames.TryParse(input.Industry, out var industry))
        {
            errors.Add(new("industry", $"未知行业“{input.Industry}”", $"unknown industry '{input.Industry}'"));
        }

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

        return errors.Count > before ? null : new Enterprise
        {
            Name = name!, CreditCode = code!, Industry = industry, CountyId = county!.Id,
            ContactName = input.ContactName?.Trim(), ContactPhone = input.ContactPhone?.Trim(), ContactEmail = input.ContactEmail?.Trim(),
        };
    }

    public static CapacityItem? Item(NewCapacityItem input, bool enterpriseExists, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (!enterpriseExists)
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

        return errors.Count > before ? null : new CapacityItem { EnterpriseId = input.EnterpriseId, Description = description!, Amount = input.Amount, Unit = unit! };
    }

    /// <summary>
    /// A case found against a capacity item. <paramref name="enterpriseCountyId"/> is where the item's enterprise lies (null when
    /// there is no such item), <paramref name="upwards"/> gives a jurisdiction and those above it, <paramref name="profileId"/> the
    /// jurisdiction profile that applies at the enterprise. The case comes back unsaved, its workflow not yet started.
    /// </summary>
    public static Case? Case(NewCase input, DateOnly today, int? enterpriseCountyId, Bureau? bureau, Func<int, IReadOnlySet<int>> upwards, string? profileId,
        DateTimeOffset now, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (enterpriseCountyId is null)
        {
            errors.Add(new("capacityItemId", $"产能项{input.CapacityItemId}不存在", $"capacity item {input.CapacityItemId} does not exist"));
        }

        if (!StandardNames.TryParse(input.Standard, out var standard))
        {
            errors.Add(new("standard", $"未知标准“{input.Standard}”（应为能耗、环保、质量、安全或技术）",
                $"unknown standard '{input.Standard}' (energy, environment, quality, safety or technology)"));
        }

        if (input.FindingDate > today)
        {
            errors.Add(new("findingDate", $"发现日期{input.FindingDate:yyyy-MM-dd}晚于今天（{today:yyyy-MM-dd}）",
                $"finding date {input.FindingDate:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})"));
        }

        var legalBasis = Required(input.LegalBasis, "legalBasis", "法律依据", 2000, errors);
        if (bureau is null)
        {
            errors.Add(new("responsibleBureauId", $"责任部门{input.ResponsibleBureauId}不存在", $"bureau {input.ResponsibleBureauId} does not exist"));
        }
        else if (errors.Skip(before).All(e => e.Field != "standard") && !bureau.Standards.Contains(standard))
        {
            errors.Add(new("responsibleBureauId", $"{bureau.NameZh}不负责{standard.Zh()}标准", $"{bureau.NameZh} does not enforce the {standard.Id()} standard"));
        }
        else if (enterpriseCountyId is { } countyId && !upwards(countyId).Contains(bureau.JurisdictionId))
        {
            errors.Add(new("responsibleBureauId", $"{bureau.NameZh}的辖区不包含该企业所在地", $"the enterprise lies outside {bureau.NameZh}'s jurisdiction"));
        }

        if (enterpriseCountyId is not null && profileId is null)
        {
            errors.Add(new("capacityItemId", "企业所在地没有适用的工作方案（jurisdiction profile）", "no jurisdiction profile applies where the enterprise lies"));
        }

        return errors.Count > before ? null : new Case
        {
            CapacityItemId = input.CapacityItemId, Standard = standard, FindingDate = input.FindingDate, LegalBasis = legalBasis!,
            ResponsibleBureauId = bureau!.Id, Status = CaseStatus.Open, CreatedAt = now.ToUniversalTime(),
        };
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
}
