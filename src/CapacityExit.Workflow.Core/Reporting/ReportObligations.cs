using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Reporting;

/// <summary>
/// Who owes a report: a county (its government answers, 属地责任) or a bureau. <see cref="Key"/> is what a filing
/// records ("jurisdiction:12", "bureau:7"); <see cref="RegionId"/> is where its notices are kept (the county, or the
/// city for a bureau); <see cref="Role"/> is the workflow role its mail goes to.
/// </summary>
public sealed record Filer(string Key, string NameZh, int RegionId, int? BureauId, string Role)
{
    /// <summary>The laggard as a 通报 names it: 北湖区人民政府, 郴州经济开发区管理委员会, 郴州市生态环境局.</summary>
    public string LaggardZh { get; init; } = NameZh;

    public static string JurisdictionKey(int id) => $"jurisdiction:{id}";

    /// <summary>A county, district or zone: its government answers for it (属地责任).</summary>
    public static Filer Region(Jurisdiction region) =>
        new(JurisdictionKey(region.Id), region.NameZh, region.Id, null, WorkflowRoleIds.CountyGovernment) { LaggardZh = region.GovernmentZh };

    public static string BureauKey(int id) => $"bureau:{id}";

    /// <summary>For a bureau: which bureau it is (a report may be owed by some bureaus only).</summary>
    public BureauKind? BureauKind { get; init; }
}

/// <summary>One filer's report for one year: its last day (rolled as the profile says) and whether it came.</summary>
public sealed record ReportObligation(int CityId, string CityName, JurisdictionProfile Profile, ReportDue Report, int Year, DeadlineResult Deadline, Filer Filer, ReportSubmission? Submission)
{
    public string Subject => $"report:{CityId}:{Report.Name}:{Year}:{Filer.Key}";
}

/// <summary>
/// The report calendar of a city's profile (ReportCalendar) crossed with the filers the profile names: every
/// county, district and development zone, the city's functional bureaus, or the office itself (000 §四.1:
/// 各县市区及市直节能、环保、质监、安监部门…报市淘汰落后产能工作领导小组办公室), with what has been received.
/// </summary>
public sealed class ReportObligations(CapacityExitDbContext db, WorkflowRuntime runtime, HolidayCalendar calendar)
{
    /// <summary>Cities whose profile has a report calendar.</summary>
    public async Task<IReadOnlyList<Jurisdiction>> CitiesAsync(CancellationToken cancellationToken)
    {
        var withReports = runtime.Catalog.Profiles.Where(p => p.Reports.Count > 0).Select(p => p.Id).ToList();
        return await db.Jurisdictions.AsNoTracking()
            .Where(j => j.Level == JurisdictionLevel.PrefectureCity && j.ProfileId != null && withReports.Contains(j.ProfileId))
            .OrderBy(j => j.Code).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ReportObligation>> ForCityAsync(Jurisdiction city, int year, CancellationToken cancellationToken)
    {
        var profile = runtime.Catalog.Profiles.FirstOrDefault(p => p.Id == city.ProfileId);
        if (profile is null || profile.Reports.Count == 0)
        {
            return [];
        }

        // The calendar of a year not entered yet is provisional (weekends only), as for case deadlines; a 31 December on a
        // rest day moves into the next year, so that year must be answerable too.
        var deadlines = ReportCalendar.For(profile, year, calendar.Covers(year) && calendar.Covers(year + 1) ? calendar : calendar.WithProvisionalYears(2));
        var filers = await FilersAsync(city.Id, cancellationToken);
        var received = await db.ReportSubmissions.AsNoTracking().Where(s => s.CityId == city.Id && s.Year == year).ToListAsync(cancellationToken);
        return deadlines
            .SelectMany(d => d.Report.From.SelectMany(kind => filers[kind])
                .Where(f => d.Report.BureauKinds is not { } kinds || f.BureauKind is not { } bk || f.Role != WorkflowRoleIds.BureauOfficer || kinds.Contains(bk))
                .Select(f => new ReportObligation(city.Id, city.NameZh, profile, d.Report, year, d.Deadline, f,
                received.FirstOrDefault(s => s.Report == d.Report.Name && s.FilerKey == f.Key))))
            .ToList();
    }

    public async Task<IReadOnlyDictionary<ReportFiler, IReadOnlyList<Filer>>> FilersAsync(int cityId, CancellationToken cancellationToken)
    {
        var counties = await db.Jurisdictions.AsNoTracking().Where(j => j.ParentId == cityId).OrderBy(j => j.Code).ToListAsync(cancellationToken);
        var bureaus = await db.Bureaus.AsNoTracking().Where(b => b.JurisdictionId == cityId).OrderBy(b => b.Kind).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        return new Dictionary<ReportFiler, IReadOnlyList<Filer>>
        {
            [ReportFiler.Counties] = counties.Select(Filer.Region).ToList(),
            [ReportFiler.Bureaus] = bureaus.Where(b => b.Kind != BureauKind.LeadingGroupOffice)
                .Select(b => new Filer(Filer.BureauKey(b.Id), b.NameZh, cityId, b.Id, WorkflowRoleIds.BureauOfficer) { BureauKind = b.Kind }).ToList(),
            [ReportFiler.Office] = bureaus.Where(b => b.Kind == BureauKind.LeadingGroupOffice)
                .Select(b => new Filer(Filer.BureauKey(b.Id), b.NameZh, cityId, b.Id, WorkflowRoleIds.LeadingGroupOffice)).ToList(),
        };
    }
}
