using System.Text.Json;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Public;

/// <summary>A city whose lists the public may read.</summary>
public sealed record PublicCity(int Id, string Code, string Name);

/// <summary>
/// One line of a published list: only what the government publishes about an enterprise's capacity (002 §二.(二).6:
/// 在政府网站公告), never an officer, a mailbox, a document or the case's history.
/// </summary>
public sealed record PublicListEntry(
    long CaseId, string Enterprise, string CreditCode, string County, string Item, Industry Industry, decimal Amount, string Unit,
    Standard Standard, DateOnly FindingDate, string Step, string? HowExited, DateOnly? AcceptedOn, bool CreditPunishment)
{
    /// <summary>On the list of over-emission cases of a serious nature (超标排放情节严重, 001 §五.(四), 002 §四.(二)).</summary>
    public bool Serious { get; init; }

    /// <summary>The day the sealed-equipment notice was published (the case reached the notice's step).</summary>
    public DateOnly? NoticedOn { get; init; }

    /// <summary>The day set for the demolition (限时拆除), as the order gave it.</summary>
    public DateOnly? DemolitionDate { get; init; }

    /// <summary>What was done to seal the equipment, as the officer recorded it.</summary>
    public string? SealingMeasures { get; init; }

    /// <summary>The address of the same notice on the government's own website, where it carries it too.</summary>
    public string? GovernmentNoticeUrl { get; init; }
}

/// <summary>The public notice of one exited enterprise (关停企业公告, 002 §二.(二).6), issued in the issuer's name.</summary>
public sealed record ClosureNotice(PublicListEntry Entry, string City, string Issuer, string LegalBasis);

/// <summary>The public notice of sealed equipment awaiting demolition (封存设备网站公告, 001 §三.(三).5, 002 §二.(二).5).</summary>
public sealed record SealedEquipmentNotice(PublicListEntry Entry, string City, string Issuer, string LegalBasis);

/// <summary>
/// One county's annual exit target and how far it got (000 §三.2: 定期公布各县市区年度淘汰落后产能任务完成情况), measured
/// from the cases (<see cref="Reporting.AnnualTargets"/>); never who set it.
/// </summary>
public sealed record PublicTargetLine(string County, string Description, decimal Amount, string Unit, DateOnly DueOn, decimal ExitedByDue,
    decimal ExitedToDate, TargetCompletion Completion);

/// <summary>Where a target stands on a day.</summary>
public enum TargetCompletion
{
    Met,        // 已完成: the capacity exited by the last day (or already, before it)
    InProgress, // 进行中: not yet, and the last day has not passed
    Missed,     // 未完成: the last day passed short of it
}

/// <summary>Which published list.</summary>
public enum PublicList
{
    ExitList,   // 年度淘汰落后产能企业（设备、产能）名单
    RedCards,   // 红牌企业名单 (001 §五.(四))
    YellowCards, // 黄牌企业名单
    OverEmission, // 超标排放企业名单，及超标排放情节严重的企业名单 (001 §五.(四), 002 §四.(二), 003 §三.(四))
    SealedEquipment, // 封存设备公告 (001 §三.(三).5, 002 §二.(二).5, 003 §二.(五).3)
    Census,     // 摸排结果公示 (002 §四.(三): 6月底前…在政府门户网站向社会公示)
}

/// <summary>
/// The published lists of a city and year, derived from case state by <see cref="CaseStanding"/> — the same rule
/// <c>case show</c> prints — never kept by hand. The annual exit list holds the cases whose state lists them on
/// <c>annual-exit-list</c>, by the year of their acceptance; the card lists hold the cases that carry the card now,
/// by the year they were found.
/// </summary>
public sealed class PublicListService(CapacityExitDbContext db, WorkflowRuntime runtime, CaseReadAccess access, NoticeSettings? notices = null)
{
    public const string AnnualExitList = "annual-exit-list";
    public const string ClosedEnterprisesNotice = "closed-enterprises-notice";
    public const string OverEmissionList = "over-emission";
    public const string SeriousOverEmissionList = "over-emission-serious";
    public const string SealedEquipmentNoticeList = "sealed-equipment-notice";

    public async Task<IReadOnlyList<PublicCity>> CitiesAsync(CancellationToken cancellationToken) =>
        (await db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.PrefectureCity).OrderBy(j => j.Code)
            .Select(j => new { j.Id, j.Code, j.NameZh }).ToListAsync(cancellationToken))
        .Select(j => new PublicCity(j.Id, j.Code, j.NameZh)).ToList();

    /// <summary>
    /// A city by its division code (e.g. 431000), for a program that names it (the API); a refusal naming the field
    /// <c>city</c> when it is missing, malformed or not a prefecture-level city. The pages offer the list instead.
    /// </summary>
    public async Task<PublicCity> CityAsync(string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw DomainValidationException.Single("city", "请指定城市（行政区划代码，如 431000）", "name the city (its division code, e.g. 431000)");
        }

        // Never sent to the database when it cannot be a code (PostgreSQL refuses a NUL in text).
        if (code.Length > 12 || InputText.HasControlCharacters(code))
        {
            throw DomainValidationException.Single("city", $"“{Cut(code)}”不是行政区划代码（如 431000）", $"'{Cut(code)}' is not a division code (e.g. 431000)");
        }

        return (await CitiesAsync(cancellationToken)).FirstOrDefault(c => c.Code == code)
            ?? throw DomainValidationException.Single("city", $"没有行政区划代码为“{Cut(code)}”的城市", $"no city with the division code '{Cut(code)}'");
    }

    public async Task<IReadOnlyList<PublicListEntry>> ListAsync(PublicList list, int cityId, int year, CancellationToken cancellationToken)
    {
        var entries = await EntriesAsync(cityId, null, list is PublicList.Census or PublicList.SealedEquipment, cancellationToken);
        return list switch
        {
            PublicList.ExitList => entries.Where(e => e.Lists.Contains(AnnualExitList) && e.Entry.AcceptedOn?.Year == year)
                .Select(e => e.Entry).OrderBy(e => e.AcceptedOn).ThenBy(e => e.CaseId).ToList(),
            PublicList.RedCards => entries.Where(e => e.Lists.Contains(CaseStanding.RedCardList) && e.Entry.FindingDate.Year == year)
                .Select(e => e.Entry).OrderBy(e => e.County).ThenBy(e => e.CaseId).ToList(),
            PublicList.YellowCards => entries.Where(e => e.Lists.Contains(CaseStanding.YellowCardList) && e.Entry.FindingDate.Year == year)
                .Select(e => e.Entry).OrderBy(e => e.County).ThenBy(e => e.CaseId).ToList(),
            // 生态环境部门定期公布超标排放企业名单，以及超标排放情节严重的企业名单: the cases whose state lists them now, by the
            // year of the finding; the serious ones first.
            PublicList.OverEmission => entries.Where(e => e.Lists.Contains(OverEmissionList) || e.Lists.Contains(SeriousOverEmissionList))
                .Where(e => e.Entry.FindingDate.Year == year)
                .Select(e => e.Entry with { Serious = e.Lists.Contains(SeriousOverEmissionList) })
                .OrderByDescending(e => e.Serious).ThenBy(e => e.County).ThenBy(e => e.CaseId).ToList(),
            // A notice once published stays published, with where the equipment stands now; by the year of the notice.
            PublicList.SealedEquipment => entries.Where(e => e.Entry.NoticedOn?.Year == year)
                .Select(e => e.Entry).OrderBy(e => e.NoticedOn).ThenBy(e => e.CaseId).ToList(),
            // 摸排结果: every capacity found failing a standard in the year (the census and whatever else found it), but a
            // case withdrawn as a mistake; with the step it is at now.
            _ => entries.Where(e => e.Entry.FindingDate.Year == year)
                .Select(e => e.Entry).OrderBy(e => e.County).ThenBy(e => e.Standard).ThenBy(e => e.CaseId).ToList(),
        };
    }

    /// <summary>The sealed-equipment notice of a case; null for a case that never reached it (or was withdrawn).</summary>
    public async Task<SealedEquipmentNotice?> SealedEquipmentNoticeAsync(long caseId, CancellationToken cancellationToken)
    {
        var found = (await EntriesAsync(null, caseId, true, cancellationToken)).SingleOrDefault();
        if (found?.Entry.NoticedOn is null)
        {
            return null;
        }

        return new SealedEquipmentNotice(found.Entry, found.City, IssuerOf(found), found.LegalBasis);
    }

    /// <summary>
    /// Each county's annual exit targets of a city and year and how far they got, as of <paramref name="today"/>
    /// (000 §三.2: 定期公布各县市区年度淘汰落后产能任务完成情况). Measured from the cases, the way 报送与目标 measures them.
    /// </summary>
    public async Task<IReadOnlyList<PublicTargetLine>> TargetsAsync(int cityId, int year, DateOnly today, CancellationToken cancellationToken)
    {
        var progress = await new Reporting.AnnualTargets(db).ProgressAsync([year], cityId, cancellationToken);
        return progress.Select(p => new PublicTargetLine(p.RegionZh, p.Target.Description, p.Target.Amount, p.Target.Unit, p.Target.DueOn,
                p.ExitedByDue, p.ExitedToDate,
                p.MetByDue || (today <= p.Target.DueOn && p.MetToDate) ? TargetCompletion.Met
                : today <= p.Target.DueOn ? TargetCompletion.InProgress : TargetCompletion.Missed))
            .ToList();
    }

    /// <summary>The closure notice of an exited case; null for a case that is not on the closed-enterprises notice.</summary>
    public async Task<ClosureNotice?> ClosureNoticeAsync(long caseId, CancellationToken cancellationToken)
    {
        var found = (await EntriesAsync(null, caseId, false, cancellationToken)).SingleOrDefault();
        if (found is null || !found.Lists.Contains(ClosedEnterprisesNotice))
        {
            return null;
        }

        return new ClosureNotice(found.Entry, found.City, IssuerOf(found), found.LegalBasis);
    }

    /// <summary>The notices' issuer of the case's profile (workflows/notices/notices.yaml), else the city's leading-group office.</summary>
    private string IssuerOf(Derived found) =>
        notices is not null && notices.Issuers.TryGetValue(found.ProfileId, out var i) ? i.Name : found.City + "淘汰落后产能工作领导小组办公室";

    private sealed record Derived(PublicListEntry Entry, IReadOnlyList<string> Lists, string City, string ProfileId, string LegalBasis);

    /// <summary>
    /// The cases of a city (or one case) as the public may see them. Without <paramref name="everyCase"/> only those on a
    /// published list now; with it every case but a withdrawn one (the census results, the sealed-equipment notices).
    /// </summary>
    private async Task<IReadOnlyList<Derived>> EntriesAsync(int? cityId, long? caseId, bool everyCase, CancellationToken cancellationToken)
    {
        var query = from c in db.Cases.AsNoTracking()
                    join i in db.WorkflowInstances.AsNoTracking() on c.Id equals i.CaseId
                    select new { Case = c, Instance = i };
        if (cityId is { } city)
        {
            var within = (await access.JurisdictionsWithinAsync(city, cancellationToken)).ToList();
            query = query.Where(x => within.Contains(x.Case.CapacityItem!.Enterprise!.CountyId));
        }

        if (caseId is { } id)
        {
            query = query.Where(x => x.Case.Id == id);
        }

        var rows = await query.Select(x => new
        {
            x.Case.Id, Enterprise = x.Case.CapacityItem!.Enterprise!.Name, x.Case.CapacityItem.Enterprise.CreditCode, CountyId = x.Case.CapacityItem.Enterprise.CountyId,
            County = x.Case.CapacityItem.Enterprise.County!.NameZh, x.Case.CapacityItem.Description, x.Case.CapacityItem.Enterprise.Industry,
            x.Case.CapacityItem.Amount, x.Case.CapacityItem.Unit, x.Case.Standard, x.Case.FindingDate, x.Case.LegalBasis,
            x.Instance.DefinitionId, x.Instance.Version, x.Instance.State, x.Instance.Variables, x.Instance.FinishedAt, x.Instance.ProfileId,
        }).ToListAsync(cancellationToken);
        var cities = await CityNamesAsync(cancellationToken);
        var noticed = everyCase ? await NoticeEntriesAsync(rows.Select(r => r.Id).ToList(), cancellationToken) : [];
        var result = new List<Derived>();
        foreach (var r in rows)
        {
            if (!runtime.Catalog.TryGet(r.DefinitionId, r.Version, out var definition) || !definition.States.ContainsKey(r.State))
            {
                continue;
            }

            var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Variables) ?? [];
            var standing = CaseStanding.Of(definition, r.State, variables);
            if (standing.Outcome == CaseOutcome.Withdrawn || (standing.PublicLists.Count == 0 && !everyCase))
            {
                continue;
            }

            var exited = standing.Outcome == CaseOutcome.Exited;
            var how = exited ? await HowExitedAsync(definition, r.Id, cancellationToken) : null;
            var accepted = exited && r.FinishedAt is { } at ? ChinaTime.DayOf(at) : (DateOnly?)null;
            var noticedOn = NoticedOn(definition, noticed.GetValueOrDefault(r.Id));
            result.Add(new Derived(
                new PublicListEntry(r.Id, r.Enterprise, r.CreditCode, r.County, r.Description, r.Industry, r.Amount, r.Unit, r.Standard, r.FindingDate,
                    definition.States[r.State].Title, how, accepted, standing.CreditPunishment)
                {
                    NoticedOn = noticedOn,
                    DemolitionDate = noticedOn is not null && DateOnly.TryParseExact(variables.GetValueOrDefault("demolitionDate"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null,
                    SealingMeasures = noticedOn is not null ? variables.GetValueOrDefault("sealingMeasures") : null,
                    GovernmentNoticeUrl = noticedOn is not null ? WebAddress(variables.GetValueOrDefault("governmentNoticeUrl")) : null,
                },
                standing.PublicLists, cities.GetValueOrDefault(r.CountyId, ""), r.ProfileId, r.LegalBasis));
        }

        return result;
    }

    /// <summary>
    /// When the sealed-equipment notice was published: the day the case first entered a state that lists it (the
    /// definition's <c>sealed-equipment-notice</c>, after the website-notice step); null if it never did. The notice stays
    /// published after (demolished, overdue), as a published notice does.
    /// </summary>
    private static DateOnly? NoticedOn(WorkflowDefinition definition, IReadOnlyList<(string State, DateTimeOffset At)>? entries)
    {
        var first = entries?.Where(e => definition.States.TryGetValue(e.State, out var s) && s.PublicLists.Contains(SealedEquipmentNoticeList))
            .Select(e => (DateTimeOffset?)e.At).Min();
        return first is { } t ? ChinaTime.DayOf(t) : null;
    }

    /// <summary>
    /// For the cases asked about, in one read: when each first entered a state that some definition lists on the
    /// sealed-equipment notice (each case's own definition decides in <see cref="NoticedOn"/>).
    /// </summary>
    private async Task<Dictionary<long, IReadOnlyList<(string State, DateTimeOffset At)>>> NoticeEntriesAsync(List<long> caseIds, CancellationToken cancellationToken)
    {
        var states = runtime.Catalog.Definitions.SelectMany(d => d.States.Values).Where(s => s.PublicLists.Contains(SealedEquipmentNoticeList))
            .Select(s => s.Name).Distinct().ToList();
        if (states.Count == 0 || caseIds.Count == 0)
        {
            return [];
        }

        var firsts = await db.CaseHistory.AsNoTracking().Where(h => caseIds.Contains(h.CaseId) && states.Contains(h.ToState))
            .GroupBy(h => new { h.CaseId, h.ToState }).Select(g => new { g.Key.CaseId, g.Key.ToState, At = g.Min(h => h.At) })
            .ToListAsync(cancellationToken);
        return firsts.GroupBy(f => f.CaseId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(string, DateTimeOffset)>)g.Select(f => (f.ToState, f.At)).ToList());
    }

    /// <summary>Only an http(s) address is shown as the government's copy (what an officer typed, checked before it is a link).</summary>
    private static string? WebAddress(string? typed) =>
        Uri.TryCreate(typed?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    /// <summary>
    /// How the capacity exited, in the definition's words: the step it went through whose deadline is the exit deadline
    /// (closure measures, demolition, sealing); the final state's title when there was none.
    /// </summary>
    private async Task<string> HowExitedAsync(WorkflowDefinition definition, long caseId, CancellationToken cancellationToken)
    {
        var visited = await db.CaseHistory.AsNoTracking().Where(h => h.CaseId == caseId).OrderByDescending(h => h.Id)
            .Select(h => h.ToState).ToListAsync(cancellationToken);
        var exitStep = visited.Select(s => definition.States.GetValueOrDefault(s))
            .FirstOrDefault(s => s is not null && (s.Tasks.Any(t => t.ExitDeadline) || s.Timers.Any(t => t.ExitDeadline)));
        return exitStep?.Title ?? definition.States.Values.First(s => s.Final == CaseOutcome.Exited).Title;
    }

    private static string Cut(string text) => text.Length > 20 ? text[..20] + "…" : text;

    /// <summary>Each county's city name (the county's prefecture-level parent).</summary>
    private async Task<Dictionary<int, string>> CityNamesAsync(CancellationToken cancellationToken)
    {
        var all = await db.Jurisdictions.AsNoTracking().Select(j => new { j.Id, j.ParentId, j.NameZh, j.Level }).ToListAsync(cancellationToken);
        var byId = all.ToDictionary(j => j.Id);
        var names = new Dictionary<int, string>();
        foreach (var j in all)
        {
            var up = j;
            while (up is not null && up.Level != JurisdictionLevel.PrefectureCity)
            {
                up = up.ParentId is { } p ? byId.GetValueOrDefault(p) : null;
            }

            names[j.Id] = up?.NameZh ?? "";
        }

        return names;
    }
}
