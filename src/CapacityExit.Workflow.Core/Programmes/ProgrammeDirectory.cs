using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Programmes;

/// <summary>A city whose profile runs a programme.</summary>
public sealed record ProgrammeCity(Jurisdiction City, JurisdictionProfile Profile);

/// <summary>A cement clinker line bound by its city's kiln shutdown programme, with its enterprise.</summary>
public sealed record KilnLine(int CapacityItemId, string Description, int EnterpriseId, string EnterpriseName, string? EnterpriseEmail, int CountyId)
{
    public string Label => $"{EnterpriseName} {Description}";
}

/// <summary>One line's shutdown on one day, as the programme's forecast lists it.</summary>
public sealed record KilnForecastLine(KilnShutdownDay Day, KilnLine Line);

/// <summary>
/// Where the industry programmes' data comes from: the cities whose profile sets a programme, the lines a kiln
/// programme binds (every cement clinker line of the city's registry — an enterprise of the cement industry, a line
/// named 熟料 — failing or not, unless its capacity has exited), and the bureau answering for each programme.
/// </summary>
public sealed class ProgrammeDirectory(CapacityExitDbContext db, WorkflowRuntime runtime, HolidayCalendar calendar)
{
    /// <summary>The word that marks a cement clinker line (水泥熟料生产线) in the registry's descriptions.</summary>
    public const string ClinkerMark = "熟料";

    /// <summary>The calendar the programmes count on: a year not entered yet is provisional (weekends only), as for cases.</summary>
    public HolidayCalendar Calendar { get; } = calendar.WithProvisionalYears(2);

    public async Task<IReadOnlyList<ProgrammeCity>> CitiesAsync(Func<JurisdictionProfile, bool> runs, CancellationToken cancellationToken)
    {
        var profiles = runtime.Catalog.Profiles.Where(runs).ToDictionary(p => p.Id);
        var ids = profiles.Keys.ToList();
        var cities = await db.Jurisdictions.AsNoTracking()
            .Where(j => j.Level == JurisdictionLevel.PrefectureCity && j.ProfileId != null && ids.Contains(j.ProfileId))
            .OrderBy(j => j.Code).ToListAsync(cancellationToken);
        return cities.Select(c => new ProgrammeCity(c, profiles[c.ProfileId!])).ToList();
    }

    public async Task<ProgrammeCity?> CityAsync(int cityId, CancellationToken cancellationToken)
    {
        var city = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Id == cityId, cancellationToken);
        var profile = runtime.Catalog.Profiles.FirstOrDefault(p => p.Id == city?.ProfileId);
        return city is null || profile is null ? null : new ProgrammeCity(city, profile);
    }

    /// <summary>The city an enterprise's county belongs to (the county itself if it is a city).</summary>
    public async Task<int> CityOfCountyAsync(int countyId, CancellationToken cancellationToken)
    {
        var chain = await JurisdictionChain.UpwardsAsync(db, countyId, cancellationToken);
        var cities = await db.Jurisdictions.AsNoTracking().Where(j => chain.Contains(j.Id) && j.Level == JurisdictionLevel.PrefectureCity)
            .Select(j => j.Id).ToListAsync(cancellationToken);
        return cities.Count > 0 ? cities[0] : countyId;
    }

    public async Task<IReadOnlyList<KilnLine>> KilnLinesAsync(int cityId, CancellationToken cancellationToken)
    {
        var exited = db.Cases.Where(c => c.Status == CaseStatus.Exited).Select(c => c.CapacityItemId);
        return await db.CapacityItems.AsNoTracking()
            .Where(i => i.Enterprise!.Industry == Industry.Cement && i.Description.Contains(ClinkerMark)
                        && (i.Enterprise.County!.ParentId == cityId || i.Enterprise.CountyId == cityId) && !exited.Contains(i.Id))
            .OrderBy(i => i.Id)
            .Select(i => new KilnLine(i.Id, i.Description, i.EnterpriseId, i.Enterprise!.Name, i.Enterprise.ContactEmail, i.Enterprise.CountyId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The coal mines of a city's registry (enterprises of the coal industry), bound by its coal programme.</summary>
    public async Task<IReadOnlyList<Enterprise>> CoalMinesAsync(int cityId, CancellationToken cancellationToken) =>
        await db.Enterprises.AsNoTracking()
            .Where(e => e.Industry == Industry.Coal && (e.County!.ParentId == cityId || e.CountyId == cityId))
            .OrderBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>Every line's shutdown days from..until by the city's programme: the programme's own forecast.</summary>
    public async Task<IReadOnlyList<KilnForecastLine>> KilnForecastAsync(ProgrammeCity city, DateOnly from, DateOnly until, CancellationToken cancellationToken)
    {
        var programme = city.Profile.KilnShutdown ?? throw new InvalidOperationException($"{city.Profile.Id} sets no kiln-shutdown programme");
        var lines = await KilnLinesAsync(city.City.Id, cancellationToken);
        return KilnShutdownRule.Between(programme, from, until, Calendar)
            .SelectMany(d => lines.Select(l => new KilnForecastLine(d, l))).ToList();
    }

    /// <summary>
    /// The city bureau answering for a programme: cement lines to 工信 (the industry's department), coal mines to 发改
    /// (energy, coal, power); the other where the city has only one; null where it has neither.
    /// </summary>
    public async Task<Bureau?> BureauForAsync(int cityId, string kind, CancellationToken cancellationToken)
    {
        BureauKind[] order = kind == ProgrammeTaskKinds.CoalBreach ? [BureauKind.Development, BureauKind.IndustryIT] : [BureauKind.IndustryIT, BureauKind.Development];
        var bureaus = await db.Bureaus.AsNoTracking().Where(b => b.JurisdictionId == cityId && order.Contains(b.Kind)).ToListAsync(cancellationToken);
        return order.Select(k => bureaus.FirstOrDefault(b => b.Kind == k)).FirstOrDefault(b => b is not null);
    }
}
