using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Reporting;

/// <summary>A report received: which report, which year, whose (a filer key; omitted: the person's own county or bureau).</summary>
public sealed record ReportFiling(string Report, int Year, string? FilerKey, string? Note);

/// <summary>A target to set: the county by division code, the year, what, how much, in which unit, by when (default: 31 December).</summary>
public sealed record TargetInput(string CountyCode, int Year, string Description, decimal Amount, string Unit, DateOnly? DueOn);

/// <summary>
/// Records reports received and sets annual targets: the one entry point the CLI, the API and the pages call,
/// checking input (specific errors, nothing written) and who may (属地责任): a county officer files for their own
/// county, a bureau officer for their own bureau, the city's leading-group office records any filing of its city
/// and alone sets its counties' targets; supervisors, auditors and administrators change nothing here.
/// </summary>
public sealed partial class ReportingService(CapacityExitDbContext db, ReportObligations obligations, AnnualTargets targets, HolidayCalendar calendar, TimeProvider time)
{
    public const int MaxNote = 2000;
    public const int MaxDescription = 200;

    public async Task<ReportSubmission> SubmitAsync(string login, ReportFiling filing, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var errors = new List<ValidationError>();
        AddIf(errors, InputText.Check("report", filing.Report), InputText.Check("filer", filing.FilerKey), InputText.Check("note", filing.Note));
        if (filing.Note is { Length: > MaxNote })
        {
            errors.Add(new("note", $"说明过长（{filing.Note.Length}字，最多{MaxNote}字）", $"is {filing.Note.Length} characters long, at most {MaxNote}"));
        }

        var today = ChinaTime.Today(time);
        if (filing.Year < Years.From || filing.Year > today.Year)
        {
            errors.Add(new("year", $"年度{filing.Year}不在{Years.From}年（节假日日历所载首年）至今年（{today.Year}）之间",
                $"{filing.Year} is not between {Years.From} (the holiday calendar's first year) and this year ({today.Year})"));
        }

        Throw(errors);
        var city = await CityOfAsync(person, cancellationToken);
        var all = await obligations.ForCityAsync(city, filing.Year, cancellationToken);
        var reports = all.Select(o => o.Report.Name).Distinct().ToList();
        if (!reports.Contains(filing.Report))
        {
            throw DomainValidationException.Single("report", $"{city.NameZh}没有名为“{filing.Report}”的报送事项（有：{Join(reports)}）",
                $"{city.NameEn ?? city.NameZh} has no report '{filing.Report}' (known: {Join(reports)})");
        }

        var key = filing.FilerKey ?? OwnFilerKey(person)
            ?? throw DomainValidationException.Single("filer", "请指明报送单位（filer）", $"{person.Login} files for no county or bureau of their own: name the filer");
        var obligation = all.FirstOrDefault(o => o.Report.Name == filing.Report && o.Filer.Key == key)
            ?? throw DomainValidationException.Single("filer", $"“{key}”不承担{city.NameZh}“{filing.Report}”的报送（承担：{Join(all.Where(o => o.Report.Name == filing.Report).Select(o => $"{o.Filer.Key} {o.Filer.NameZh}"))}）",
                $"'{key}' does not file '{filing.Report}' in {city.NameZh}");
        var allowed = person.Role switch
        {
            Role.LeadingGroupOffice => person.JurisdictionId == city.Id,
            Role.CountyOfficer => key == Filer.JurisdictionKey(person.JurisdictionId),
            Role.BureauOfficer => person.BureauId is { } own && key == Filer.BureauKey(own),
            _ => false,
        };
        if (!allowed)
        {
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：只能报送本单位的材料，或由领导小组办公室登记收到",
                $"{person.Login} files only for their own county or bureau; the leading-group office records any filing of its city");
        }

        if (obligation.Submission is { } earlier)
        {
            throw new WorkflowRuleException("only-once", $"{obligation.Filer.NameZh}{filing.Year}年“{obligation.Report.Title}”已于{Local(earlier.SubmittedAt)}报送",
                $"{obligation.Filer.NameZh} filed '{filing.Report}' {filing.Year} already on {Local(earlier.SubmittedAt)}");
        }

        var row = new ReportSubmission
        {
            CityId = city.Id, Report = filing.Report, Year = filing.Year, FilerKey = key, SubmittedAt = time.GetUtcNow().ToUniversalTime(),
            RecordedBy = person.Login, Note = filing.Note,
        };
        db.ReportSubmissions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    public async Task<AnnualTarget> SetTargetAsync(string login, TargetInput input, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var errors = new List<ValidationError>();
        AddIf(errors, InputText.Check("county", input.CountyCode), InputText.Check("description", input.Description), InputText.Check("unit", input.Unit));
        if (string.IsNullOrWhiteSpace(input.Description) || input.Description.Length > MaxDescription)
        {
            errors.Add(new("description", $"目标内容不能为空，且不超过{MaxDescription}字", $"must be given, at most {MaxDescription} characters"));
        }

        if (string.IsNullOrWhiteSpace(input.Unit) || input.Unit.Length > 30)
        {
            errors.Add(new("unit", "计量单位不能为空，且不超过30字（如 万吨/年）", "must be given, at most 30 characters (e.g. 万吨/年)"));
        }

        if (input.Amount <= 0 || input.Amount > 1_000_000_000m)
        {
            errors.Add(new("amount", $"目标产能{input.Amount.ToString(CultureInfo.InvariantCulture)}应为正数", $"{input.Amount.ToString(CultureInfo.InvariantCulture)} is not a positive amount"));
        }

        var today = ChinaTime.Today(time);
        if (input.Year < today.Year - 1 || input.Year > today.Year + 1)
        {
            errors.Add(new("year", $"年度{input.Year}只能是去年、今年或明年", $"{input.Year} is not last year, this year or next year"));
        }

        if (input.DueOn is { } due && due.Year != input.Year)
        {
            errors.Add(new("due", $"完成期限{due:yyyy-MM-dd}不在{input.Year}年内", $"{due:yyyy-MM-dd} does not fall in {input.Year}"));
        }

        Throw(errors);
        var county = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == input.CountyCode, cancellationToken)
            ?? throw DomainValidationException.Single("county", $"没有代码为{input.CountyCode}的县（市、区）", $"no county with code {input.CountyCode}");
        if (county.Level is not (JurisdictionLevel.CountyDistrict or JurisdictionLevel.DevelopmentZone))
        {
            throw DomainValidationException.Single("county", $"{county.NameZh}不是县（市、区）或开发区：目标任务下达到县级", $"{county.NameZh} is not a county, district or zone: targets bind counties");
        }

        if (person.Role != Role.LeadingGroupOffice || person.JurisdictionId != county.ParentId)
        {
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：只有本市领导小组办公室可以下达目标任务",
                $"{person.Login}: only the city's leading-group office sets its counties' targets");
        }

        if (await db.AnnualTargets.AnyAsync(t => t.JurisdictionId == county.Id && t.Year == input.Year && t.Description == input.Description, cancellationToken))
        {
            throw new WorkflowRuleException("only-once", $"{county.NameZh}{input.Year}年“{input.Description}”目标已下达", $"{county.NameZh} has a {input.Year} target '{input.Description}' already");
        }

        var row = new AnnualTarget
        {
            JurisdictionId = county.Id, Year = input.Year, Description = input.Description.Trim(), Amount = input.Amount, Unit = input.Unit.Trim(),
            DueOn = input.DueOn ?? new DateOnly(input.Year, 12, 31), SetBy = person.Login, SetAt = time.GetUtcNow().ToUniversalTime(),
        };
        db.AnnualTargets.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    private async Task<Person> PersonAsync(string login, CancellationToken cancellationToken)
    {
        if (InputText.HasControlCharacters(login) || login.Length > 100)
        {
            throw DomainValidationException.Single("as", "登录名无效", "is not a valid login");
        }

        return await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken)
            ?? throw DomainValidationException.Single("as", $"没有登录名为“{login}”的用户", $"no person with login '{login}'");
    }

    private async Task<Jurisdiction> CityOfAsync(Person person, CancellationToken cancellationToken)
    {
        int? id = person.JurisdictionId;
        while (id is { } current)
        {
            var j = await db.Jurisdictions.AsNoTracking().SingleAsync(x => x.Id == current, cancellationToken);
            if (j.Level == JurisdictionLevel.PrefectureCity)
            {
                return j;
            }

            id = j.ParentId;
        }

        throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：不属于任何市", $"{person.Login} belongs to no city");
    }

    private static string? OwnFilerKey(Person person) => person.Role switch
    {
        Role.CountyOfficer => Filer.JurisdictionKey(person.JurisdictionId),
        Role.BureauOfficer when person.BureauId is { } b => Filer.BureauKey(b),
        _ => null,
    };

    private static void AddIf(List<ValidationError> errors, params ValidationError?[] found) => errors.AddRange(found.OfType<ValidationError>());

    private static void Throw(List<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }

    private static string Join(IEnumerable<string> items) => string.Join("、", items);

    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
