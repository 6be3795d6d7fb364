using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Agenda;

/// <summary>
/// The monthly kiln shutdown days (000 §二 水泥) of every cement clinker line in the person's city, as the programme's own
/// forecast gives them (<see cref="ProgrammeDirectory.KilnForecastAsync"/>): one item a line a day. A county officer
/// sees the lines of their county; a bureau officer only when their bureau answers for the programme; the city's other
/// people every line of the city.
/// </summary>
public sealed class KilnAgendaSource(ProgrammeDirectory programmes) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaItem>> ItemsAsync(AgendaScope scope, CancellationToken cancellationToken)
    {
        var person = scope.Person;
        var city = await programmes.CityAsync(await programmes.CityOfCountyAsync(person.JurisdictionId, cancellationToken), cancellationToken);
        if (city?.Profile.KilnShutdown is not { } programme)
        {
            return [];
        }

        var bureau = await programmes.BureauForAsync(city.City.Id, ProgrammeTaskKinds.KilnUnconfirmed, cancellationToken);
        if (person.Role == Role.BureauOfficer && person.BureauId != bureau?.Id)
        {
            return [];
        }

        var forecast = await programmes.KilnForecastAsync(city, scope.From, scope.Until, cancellationToken);
        return forecast
            .Where(f => person.Role != Role.CountyOfficer || f.Line.CountyId == person.JurisdictionId)
            .Select(f => new AgendaItem(
                $"kiln-{f.Line.CapacityItemId}-{f.Day.Year}-{f.Day.Month:D2}", AgendaKind.KilnDay, f.Day.Day,
                $"水泥熟料装置断电停产（{programme.HoursText}）", $"Clinker kiln shutdown ({programme.HoursText})", f.Line.Label,
                "/programmes", bureau?.Id, bureau?.NameZh, f.Line.CountyId, null, programmes.Calendar.IsProvisional(f.Day.Day.Year)))
            .ToList();
    }
}
