using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Programmes;

/// <summary>A coal mine a person may report production days for.</summary>
public sealed record CoalMine(int EnterpriseId, string Name, int CountyId);

/// <summary>A kiln line's recent shutdown day and whether its stop is confirmed yet (the confirm form lists them).</summary>
public sealed record KilnDayState(KilnForecastLine Shutdown, KilnShutdownRecord? Record);

/// <summary>
/// What the back office's forms ask before they show (who may record what): the same rules the recording methods
/// enforce, so a form is offered exactly to the people whose submission the service would accept.
/// </summary>
public sealed partial class ProgrammeService
{
    /// <summary>属地责任: the city's leading-group office, the programme's bureau, or the enterprise's county officer.</summary>
    internal static bool MayRecord(Person person, int cityId, int countyId, Bureau? programmeBureau) => person.Role switch
    {
        Role.LeadingGroupOffice => person.JurisdictionId == cityId,
        Role.BureauOfficer => programmeBureau is not null && person.BureauId == programmeBureau.Id,
        Role.CountyOfficer => person.JurisdictionId == countyId,
        _ => false,
    };

    /// <summary>A programme task is completed by its bureau, or by its city's leading-group office.</summary>
    public static bool MayComplete(Person person, ProgrammeTask task) =>
        person.Role == Role.LeadingGroupOffice ? person.JurisdictionId == task.CityId : person.Role == Role.BureauOfficer && person.BureauId == task.BureauId;

    /// <summary>The clinker lines of the person's city whose stop the person may confirm; empty for anyone else.</summary>
    public async Task<IReadOnlyList<KilnLine>> KilnLinesToConfirmAsync(string login, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var cityId = await directory.CityOfCountyAsync(person.JurisdictionId, cancellationToken);
        if (await directory.CityAsync(cityId, cancellationToken) is not { Profile.KilnShutdown: not null })
        {
            return [];
        }

        var bureau = await directory.BureauForAsync(cityId, ProgrammeTaskKinds.KilnUnconfirmed, cancellationToken);
        return (await directory.KilnLinesAsync(cityId, cancellationToken)).Where(l => MayRecord(person, cityId, l.CountyId, bureau)).ToList();
    }

    /// <summary>The shutdown days of these lines from..until (the past ones a form offers) with their confirmation, if any.</summary>
    public async Task<IReadOnlyList<KilnDayState>> KilnDaysAsync(IReadOnlyList<KilnLine> lines, DateOnly from, DateOnly until, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return [];
        }

        var cityId = await directory.CityOfCountyAsync(lines[0].CountyId, cancellationToken);
        var city = await directory.CityAsync(cityId, cancellationToken);
        var ids = lines.Select(l => l.CapacityItemId).ToList();
        var records = await db.KilnShutdowns.AsNoTracking().Where(k => ids.Contains(k.CapacityItemId) && k.Day >= from && k.Day <= until).ToListAsync(cancellationToken);
        return (await directory.KilnForecastAsync(city!, from, until, cancellationToken))
            .Where(f => ids.Contains(f.Line.CapacityItemId))
            .Select(f => new KilnDayState(f, records.FirstOrDefault(r => r.CapacityItemId == f.Line.CapacityItemId && r.Day == f.Day.Day)))
            .OrderByDescending(s => s.Shutdown.Day.Day).ThenBy(s => s.Shutdown.Line.CapacityItemId).ToList();
    }

    /// <summary>The coal mines of the person's city whose production days the person may record; empty for anyone else.</summary>
    public async Task<IReadOnlyList<CoalMine>> CoalMinesToReportAsync(string login, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var cityId = await directory.CityOfCountyAsync(person.JurisdictionId, cancellationToken);
        if (await directory.CityAsync(cityId, cancellationToken) is not { Profile.Coal: not null })
        {
            return [];
        }

        var bureau = await directory.BureauForAsync(cityId, ProgrammeTaskKinds.CoalBreach, cancellationToken);
        var mines = (await directory.CoalMinesAsync(cityId, cancellationToken)).Select(e => new CoalMine(e.Id, e.Name, e.CountyId));
        return mines.Where(m => MayRecord(person, cityId, m.CountyId, bureau)).ToList();
    }

    /// <summary>A mine's reports of one year, month by month (the form shows what is on file).</summary>
    public async Task<IReadOnlyList<CoalProductionReport>> CoalReportsAsync(IReadOnlyList<int> enterpriseIds, CancellationToken cancellationToken) =>
        await db.CoalProductionReports.AsNoTracking().Where(r => enterpriseIds.Contains(r.EnterpriseId))
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Month).ThenBy(r => r.EnterpriseId).Take(200).ToListAsync(cancellationToken);

    /// <summary>
    /// A programme task as the person may act on it: null when the person does not see it (as <see cref="TasksForAsync"/>
    /// lists), else the task and whether the person may complete it.
    /// </summary>
    public async Task<(ProgrammeTask Task, bool MayComplete)?> TaskForAsync(string login, long taskId, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var task = await (await VisibleToAsync(person, db.ProgrammeTasks.AsNoTracking(), cancellationToken)).SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        return task is null ? null : (task, MayComplete(person, task));
    }

    /// <summary>
    /// Programme tasks a person sees, by the scope rule (<see cref="Cases.CaseReadAccess"/>): a bureau officer their
    /// bureau's; everyone else, administrators and auditors included, the tasks of regions in their jurisdiction (the
    /// office and the city's others the city's, a county officer their county's). Auditors and administrators once read
    /// every city's.
    /// </summary>
    private async Task<IQueryable<ProgrammeTask>> VisibleToAsync(Person person, IQueryable<ProgrammeTask> q, CancellationToken cancellationToken)
    {
        if (person.Role == Role.BureauOfficer)
        {
            return q.Where(t => t.BureauId == person.BureauId);
        }

        var within = (await new Cases.CaseReadAccess(db).ReadableAsync(person, cancellationToken)).ToList();
        return q.Where(t => within.Contains(t.RegionId));
    }
}
