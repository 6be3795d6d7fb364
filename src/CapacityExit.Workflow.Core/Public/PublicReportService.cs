using System.Security.Cryptography;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Public;

/// <summary>A report as the public form sends it: every field as typed, the photo already read and checked.</summary>
public sealed record PublicReportInput(string? Enterprise, string? CountyId, string? Place, string? Standard, string? WhatWasSeen, string? Contact, UploadedFile? Photo);

/// <summary>What the public result page shows for a receipt: nothing about officers, documents or history.</summary>
public sealed record PublicReportResult(string ReceiptNumber, DateOnly SubmittedOn, string Enterprise, string County, PublicReportStatus Status,
    string? Bureau, DateOnly? DueOn, DateOnly? VerifiedOn, string? Reason, bool CaseOpened);

/// <summary>A verification task as the bureau's officer sees it.</summary>
public sealed record VerificationTask(long Id, string ReceiptNumber, DateTimeOffset SubmittedAt, string Enterprise, int? CountyId, string County, string CountyCode,
    string Place, Standard? Standard, string WhatWasSeen, string? Contact, bool HasPhoto, string Bureau, int? BureauId, DateOnly? DueOn, PublicReportStatus Status,
    string? Result, long? CaseId);

/// <summary>
/// Reports from the public (举报): taken in, given a receipt, routed to the bureau of the standard nearest the county for
/// verification by the profile's period (001 §五.(三): 对群众举报的落后产能要及时核实，核实结果向社会公开); confirmed — a case
/// opened through <see cref="CaseOpeningService"/> — or not confirmed with a reason; the result published by receipt.
/// </summary>
public sealed class PublicReportService(CapacityExitDbContext db, TimeProvider time, HolidayCalendar calendar, WorkflowRuntime runtime,
    DocumentStore documents, CaseOpeningService opening, Accounts.AuditLog audit)
{
    /// <summary>The profile's period for verifying a public report (workflows/profiles/*.yaml, periods).</summary>
    public const string VerificationPeriod = "public-report-verification";

    public const string RateLimited = "rate-limit";
    public const string Robot = "robot";

    /// <summary>Refused submissions kept in full per client address and day (Beijing); past it they are only counted.</summary>
    public const int RefusedKeptInFullPerAddressAndDay = 10;

    public async Task<IReadOnlyList<(int Id, string Name)>> CountiesAsync(CancellationToken cancellationToken) =>
        (await db.Jurisdictions.AsNoTracking()
            .Where(j => j.Level == JurisdictionLevel.CountyDistrict || j.Level == JurisdictionLevel.DevelopmentZone)
            .OrderBy(j => j.Code).Select(j => new { j.Id, j.NameZh, Parent = j.Parent!.NameZh }).ToListAsync(cancellationToken))
        .Select(j => (j.Id, j.Parent + j.NameZh)).ToList();

    /// <summary>Takes a report in: checked in full first, then kept with its photo, routed, and given its receipt.</summary>
    public async Task<PublicReport> SubmitAsync(PublicReportInput input, string address, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var enterprise = Required("enterprise", input.Enterprise, "企业名称", "the enterprise", 200, errors);
        var place = Required("place", input.Place, "地点", "the place", 300, errors);
        var seen = Required("whatWasSeen", input.WhatWasSeen, "看到的情况", "what was seen", 2000, errors);
        var contact = Optional("contact", input.Contact, 200, errors);
        Jurisdiction? county = null;
        if (!int.TryParse(input.CountyId, out var countyId)
            || (county = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Id == countyId, cancellationToken)) is null
            || county.Level is not (JurisdictionLevel.CountyDistrict or JurisdictionLevel.DevelopmentZone))
        {
            errors.Add(new("countyId", "请选择企业所在的县（市、区）", "choose the county the enterprise is in"));
        }

        if (!StandardNames.TryParse(input.Standard, out var standard))
        {
            errors.Add(new("standard", "请选择问题的类别（能耗、环保、质量、安全或技术）", "choose what kind of problem it is (energy, environment, quality, safety or technology)"));
        }

        Bureau? bureau = null;
        DateOnly? due = null;
        if (county is not null && errors.All(e => e.Field != "standard"))
        {
            bureau = await VerifyingBureauAsync(county.Id, standard, cancellationToken);
            due = await DueOnAsync(county.Id, cancellationToken);
            if (bureau is null || due is null)
            {
                errors.Add(new("countyId", $"{county.NameZh}没有负责{standard.Zh()}标准的部门，请选择其他县（市、区）或电话举报",
                    $"no bureau enforces the {standard.Id()} standard for {county.NameZh}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        if (input.Photo is { } photo)
        {
            await documents.SaveAsync(photo, cancellationToken);
        }

        var report = new PublicReport
        {
            ReceiptNumber = NewReceipt(), SubmittedAt = time.GetUtcNow().ToUniversalTime(), ClientAddress = Cut(address, 64), Status = PublicReportStatus.Verifying,
            Enterprise = enterprise!, CountyId = county!.Id, Place = place!, Standard = standard, WhatWasSeen = seen!, Contact = contact,
            PhotoSha256 = input.Photo?.Sha256, PhotoName = input.Photo?.FileName, PhotoContentType = input.Photo?.ContentType,
            BureauId = bureau!.Id, DueOn = due,
        };
        db.PublicReports.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    /// <summary>
    /// Keeps a submission that is not taken up (too many from the address, or a robot), for the audit: its text as it came,
    /// cut to the columns' lengths; no photo, no routing, no receipt shown.
    /// </summary>
    /// <summary>
    /// Counts a refused submission from <paramref name="address"/> today (Beijing) and says whether to keep it in full: the
    /// first <see cref="RefusedKeptInFullPerAddressAndDay"/> of an address and day are, the rest are only counted
    /// (<see cref="RefusedSubmissionTally"/>), so a flood of refused posts cannot fill the database.
    /// </summary>
    public async Task<bool> CountRefusedAsync(string address, CancellationToken cancellationToken)
    {
        var from = Cut(address, 64);
        var day = ChinaTime.DayOf(time.GetUtcNow());
        var counted = await db.Database.SqlQuery<int>(
            $"""
            insert into capacity_exit.refused_submission_tallies as t (address, day, refused) values ({from}, {day}, 1)
            on conflict (address, day) do update set refused = t.refused + 1
            returning t.refused as "Value"
            """).ToListAsync(cancellationToken);
        return counted.Single() <= RefusedKeptInFullPerAddressAndDay;
    }

    /// <summary>Counts a refused submission and keeps it in full when it is within the day's bound for its address.</summary>
    public async Task KeepRefusedAsync(string because, string address, string? enterprise, string? countyId, string? place, string? standard,
        string? whatWasSeen, string? contact, CancellationToken cancellationToken)
    {
        if (await CountRefusedAsync(address, cancellationToken))
        {
            await KeepRefusedInFullAsync(because, address, enterprise, countyId, place, standard, whatWasSeen, contact, cancellationToken);
        }
    }

    /// <summary>Keeps a refused submission as it came (cut to the columns), for the audit; counted already by <see cref="CountRefusedAsync"/>.</summary>
    public async Task KeepRefusedInFullAsync(string because, string address, string? enterprise, string? countyId, string? place, string? standard,
        string? whatWasSeen, string? contact, CancellationToken cancellationToken)
    {
        db.PublicReports.Add(new PublicReport
        {
            ReceiptNumber = NewReceipt(), SubmittedAt = time.GetUtcNow().ToUniversalTime(), ClientAddress = Cut(address, 64), Status = PublicReportStatus.Refused,
            RefusedBecause = because, Enterprise = Cut(Clean(enterprise), 200), Place = Cut(Clean(place), 300), WhatWasSeen = Cut(Clean(whatWasSeen), 2000),
            Contact = contact is null ? null : Cut(Clean(contact), 200),
            CountyId = int.TryParse(countyId, out var c) && await db.Jurisdictions.AnyAsync(j => j.Id == c, cancellationToken) ? c : null,
            Standard = StandardNames.TryParse(standard, out var s) ? s : null,
        });
        // The audit log has a line for each one kept (as bounded per address and day as the submissions themselves).
        await audit.RecordAsync(Accounts.AuditKind.SubmissionRefused, "匿名", null, address,
            $"{(because == RateLimited ? "举报提交过于频繁" : because == Robot ? "举报表单的隐藏字段被填写（自动程序）" : because)}：{Cut(Clean(enterprise), 100)}", save: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>The published result of a receipt; null for a receipt that does not exist (or was refused).</summary>
    public async Task<PublicReportResult?> ResultAsync(string? receipt, CancellationToken cancellationToken)
    {
        var key = receipt?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(key) || key.Length > 24)
        {
            return null;
        }

        var r = await db.PublicReports.AsNoTracking().Where(p => p.ReceiptNumber == key && p.Status != PublicReportStatus.Refused)
            .Select(p => new
            {
                p.ReceiptNumber, p.SubmittedAt, p.Enterprise, County = db.Jurisdictions.Where(j => j.Id == p.CountyId).Select(j => j.NameZh).FirstOrDefault(),
                p.Status, Bureau = db.Bureaus.Where(b => b.Id == p.BureauId).Select(b => b.NameZh).FirstOrDefault(), p.DueOn, p.VerifiedAt, p.Result, p.CaseId,
            }).SingleOrDefaultAsync(cancellationToken);
        return r is null
            ? null
            : new PublicReportResult(r.ReceiptNumber, ChinaTime.DayOf(r.SubmittedAt), r.Enterprise, r.County ?? "", r.Status, r.Bureau, r.DueOn,
                r.VerifiedAt is { } v ? ChinaTime.DayOf(v) : null, r.Status == PublicReportStatus.NotConfirmed ? r.Result : null, r.CaseId is not null);
    }

    /// <summary>
    /// The verification tasks a person sees: a bureau officer those of their bureau; the leading-group office those of its
    /// jurisdiction (to oversee); nobody else any. Open ones first, soonest due first.
    /// </summary>
    public async Task<IReadOnlyList<VerificationTask>> TasksAsync(string? login, bool openOnly, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken);
        if (person is null || person.Role is not (Role.BureauOfficer or Role.LeadingGroupOffice))
        {
            return [];
        }

        var query = db.PublicReports.AsNoTracking().Where(r => r.Status != PublicReportStatus.Refused);
        if (person.Role == Role.BureauOfficer)
        {
            query = query.Where(r => r.BureauId == person.BureauId);
        }
        else
        {
            var within = (await new Cases.CaseReadAccess(db).ReadableAsync(person, cancellationToken)).ToList();
            query = query.Where(r => r.CountyId != null && within.Contains(r.CountyId.Value));
        }

        if (openOnly)
        {
            query = query.Where(r => r.Status == PublicReportStatus.Verifying);
        }

        return await Project(query.OrderBy(r => r.Status).ThenBy(r => r.DueOn).ThenBy(r => r.Id)).ToListAsync(cancellationToken);
    }

    /// <summary>One task, if the person may see it.</summary>
    public async Task<VerificationTask?> TaskAsync(string? login, long id, CancellationToken cancellationToken) =>
        (await TasksAsync(login, openOnly: false, cancellationToken)).SingleOrDefault(t => t.Id == id);

    /// <summary>The photo of a report the person may see, or null.</summary>
    public async Task<(Stream Content, string Name, string ContentType)?> PhotoAsync(string? login, long id, CancellationToken cancellationToken)
    {
        if (await TaskAsync(login, id, cancellationToken) is not { HasPhoto: true })
        {
            return null;
        }

        var r = await db.PublicReports.AsNoTracking().SingleAsync(p => p.Id == id, cancellationToken);
        return await documents.OpenAsync(r.PhotoSha256!, cancellationToken) is { } content ? (content, r.PhotoName!, r.PhotoContentType!) : null;
    }

    /// <summary>
    /// The bureau's officer confirms the report: the case is opened from it through <see cref="CaseOpeningService"/> (its
    /// rules and validation), and the report closed as confirmed, in one transaction.
    /// </summary>
    public async Task<Case> ConfirmAsync(string? login, long id, CaseOpening opened, CancellationToken cancellationToken)
    {
        var report = await OpenReportForAsync(login, id, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var created = await opening.OpenAsync(login, opened, cancellationToken);
            report.Status = PublicReportStatus.Confirmed;
            report.CaseId = created.Id;
            report.VerifiedAt = time.GetUtcNow().ToUniversalTime();
            report.VerifiedBy = login;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return created;
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>The bureau's officer finds the report not as reported: the reason is published with the result.</summary>
    public async Task RejectAsync(string? login, long id, string? reason, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var why = Required("reason", reason, "核实结论的理由", "the reason", 2000, errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        var report = await OpenReportForAsync(login, id, cancellationToken);
        report.Status = PublicReportStatus.NotConfirmed;
        report.Result = why;
        report.VerifiedAt = time.GetUtcNow().ToUniversalTime();
        report.VerifiedBy = login;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The verifying bureau's officer, on a report still being verified; anyone else is refused.</summary>
    private async Task<PublicReport> OpenReportForAsync(string? login, long id, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken);
        // The scope rule: a report the person does not see (another city's, another bureau's) reads as one that does not exist.
        var report = (person is null || await TaskAsync(login, id, cancellationToken) is null
                ? null
                : await db.PublicReports.SingleOrDefaultAsync(r => r.Id == id && r.Status != PublicReportStatus.Refused, cancellationToken))
            ?? throw DomainValidationException.Single("id", $"举报{id}不存在", $"no report {id}");
        if (person is null || person.Role != Role.BureauOfficer || person.BureauId != report.BureauId)
        {
            throw new Domain.Workflows.WorkflowRuleException("role-not-allowed", "只有负责核实的部门经办人可以办理该举报", "only an officer of the verifying bureau may decide this report");
        }

        if (report.Status != PublicReportStatus.Verifying)
        {
            throw new Domain.Workflows.WorkflowRuleException("already-done", "该举报已核实办结", "this report has already been verified");
        }

        return report;
    }

    /// <summary>The bureau enforcing the standard nearest the county: the county's own, else the city's, else the province's.</summary>
    private async Task<Bureau?> VerifyingBureauAsync(int countyId, Standard standard, CancellationToken cancellationToken)
    {
        var chain = await JurisdictionChain.UpwardsAsync(db, countyId, cancellationToken);
        var ids = chain.ToList();
        var candidates = await db.Bureaus.AsNoTracking().Include(b => b.Jurisdiction)
            .Where(b => ids.Contains(b.JurisdictionId) && b.Kind != BureauKind.LeadingGroupOffice).ToListAsync(cancellationToken);
        return candidates.Where(b => b.Standards.Contains(standard))
            .OrderBy(b => b.Jurisdiction!.Level switch { JurisdictionLevel.CountyDistrict or JurisdictionLevel.DevelopmentZone => 0, JurisdictionLevel.PrefectureCity => 1, _ => 2 })
            .ThenBy(b => b.Id).FirstOrDefault();
    }

    /// <summary>Today plus the profile's verification period, by the deadline calculus (working days roll over rest days).</summary>
    private async Task<DateOnly?> DueOnAsync(int countyId, CancellationToken cancellationToken)
    {
        var profileId = await JurisdictionChain.ProfileAsync(db, countyId, cancellationToken);
        if (profileId is null || !runtime.Catalog.Profiles.Any(p => p.Id == profileId))
        {
            return null;
        }

        var profile = runtime.Catalog.Profile(profileId);
        if (!profile.Periods.TryGetValue(VerificationPeriod, out var period))
        {
            return null;
        }

        return new DeadlineCalculator(calendar.WithProvisionalYears(2)).Compute(ChinaTime.Today(time), PeriodExpression.Parse(period.Text)).LastDay;
    }

    private IQueryable<VerificationTask> Project(IQueryable<PublicReport> query) => query.Select(r => new VerificationTask(
        r.Id, r.ReceiptNumber, r.SubmittedAt, r.Enterprise, r.CountyId,
        db.Jurisdictions.Where(j => j.Id == r.CountyId).Select(j => j.NameZh).FirstOrDefault() ?? "",
        db.Jurisdictions.Where(j => j.Id == r.CountyId).Select(j => j.Code).FirstOrDefault() ?? "",
        r.Place, r.Standard, r.WhatWasSeen, r.Contact, r.PhotoSha256 != null,
        db.Bureaus.Where(b => b.Id == r.BureauId).Select(b => b.NameZh).FirstOrDefault() ?? "",
        r.BureauId, r.DueOn, r.Status, r.Result, r.CaseId));

    /// <summary>JB + 12 characters of an alphabet without look-alikes (0/O, 1/I): unguessable, easy to read out on the phone.</summary>
    private static string NewReceipt()
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return "JB" + new string(chars);
    }


    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Clean(string? text) => new((text ?? "").Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray());

    private static string? Required(string field, string? value, string zh, string en, int max, List<ValidationError> errors)
    {
        var text = value?.Trim();
        if (InputText.Check(field, text) is { } control)
        {
            errors.Add(control);
            return null;
        }

        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new(field, $"请填写{zh}", $"enter {en}"));
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(new(field, $"{zh}最多{max}字，实际{text.Length}字", $"{en} has at most {max} characters, got {text.Length}"));
            return null;
        }

        return text;
    }

    private static string? Optional(string field, string? value, int max, List<ValidationError> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (InputText.Check(field, text) is { } control)
        {
            errors.Add(control);
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(new(field, $"联系方式最多{max}字", $"the contact has at most {max} characters"));
            return null;
        }

        return text;
    }
}
