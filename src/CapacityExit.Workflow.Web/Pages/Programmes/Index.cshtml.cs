using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Pages.Programmes;

/// <summary>
/// 行业专项: the person's city's kiln shutdown days per clinker line for the next three months (000 §二 水泥), and the
/// programme tasks the person sees (a stop not confirmed, a coal mine's breaches, a re-check), with their state.
/// Read-only: confirmations, coal reports and outcomes go through ProgrammeService (the CLI `programme` for now).
/// </summary>
public sealed class IndexModel(CapacityExitDbContext db, ProgrammeDirectory directory, ProgrammeService programmes, TimeProvider time) : PageModel
{
    public IReadOnlyList<KilnForecastLine> Kiln { get; private set; } = [];

    public Domain.Programmes.KilnShutdownProgramme? Programme { get; private set; }

    /// <summary>Years of the forecast whose holiday arrangement is not entered yet: the confirm-by days there are provisional.</summary>
    public IReadOnlyList<int> ProvisionalYears { get; private set; } = [];

    public IReadOnlyList<ProgrammeTask> Tasks { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = ChinaTime.Today(time);
        var login = User.Identity!.Name!;
        Tasks = await programmes.TasksForAsync(login, openOnly: false, cancellationToken);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Login == login, cancellationToken);
        var cityId = await directory.CityOfCountyAsync(person.JurisdictionId, cancellationToken);
        if (await directory.CityAsync(cityId, cancellationToken) is { Profile.KilnShutdown: { } programme } city)
        {
            Programme = programme;
            Kiln = await directory.KilnForecastAsync(city, Today, Today.AddMonths(3), cancellationToken);
            ProvisionalYears = Kiln.Select(k => k.Day.ConfirmBy.Year).Distinct().Where(directory.Calendar.IsProvisional).ToList();
        }
    }
}
