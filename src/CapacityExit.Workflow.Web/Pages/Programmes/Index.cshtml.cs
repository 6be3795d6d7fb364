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
/// The recent shutdown days show whether each stop was confirmed. The forms beside (KilnConfirm, CoalReport, CompleteTask)
/// are offered to the people ProgrammeService lets record; everyone else reads.
/// </summary>
public sealed class IndexModel(CapacityExitDbContext db, ProgrammeDirectory directory, ProgrammeService programmes, TimeProvider time) : PageModel
{
    public IReadOnlyList<KilnForecastLine> Kiln { get; private set; } = [];

    public Domain.Programmes.KilnShutdownProgramme? Programme { get; private set; }

    /// <summary>Years of the forecast whose holiday arrangement is not entered yet: the confirm-by days there are provisional.</summary>
    public IReadOnlyList<int> ProvisionalYears { get; private set; } = [];

    public IReadOnlyList<ProgrammeTask> Tasks { get; private set; } = [];

    public DateOnly Today { get; private set; }

    /// <summary>The shutdown days of the last two months that have come, with their confirmation (all the city's lines).</summary>
    public IReadOnlyList<KilnDayState> RecentKiln { get; private set; } = [];

    public Domain.Programmes.CoalProgramme? Coal { get; private set; }

    /// <summary>The bureau answering for the coal programme in the person's city (发改委 where the city has one).</summary>
    public string? CoalBureau { get; private set; }

    public bool MayConfirmKiln { get; private set; }

    public bool MayReportCoal { get; private set; }

    /// <summary>The open tasks the person may complete (the task's bureau, the city's office).</summary>
    public IReadOnlySet<long> Completable { get; private set; } = new HashSet<long>();

    /// <summary>What the form just did (after its redirect).</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = ChinaTime.Today(time);
        var login = User.Identity!.Name!;
        Tasks = await programmes.TasksForAsync(login, openOnly: false, cancellationToken);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Login == login, cancellationToken);
        Completable = Tasks.Where(t => t.Status == ProgrammeTaskStatus.Open && ProgrammeService.MayComplete(person, t)).Select(t => t.Id).ToHashSet();
        MayConfirmKiln = (await programmes.KilnLinesToConfirmAsync(login, cancellationToken)).Count > 0;
        MayReportCoal = (await programmes.CoalMinesToReportAsync(login, cancellationToken)).Count > 0;
        var cityId = await directory.CityOfCountyAsync(person.JurisdictionId, cancellationToken);
        if (await directory.CityAsync(cityId, cancellationToken) is { Profile.Coal: { } coal })
        {
            Coal = coal;
            CoalBureau = (await directory.BureauForAsync(cityId, ProgrammeTaskKinds.CoalBreach, cancellationToken))?.NameZh;
        }

        if (await directory.CityAsync(cityId, cancellationToken) is { Profile.KilnShutdown: { } programme } city)
        {
            Programme = programme;
            Kiln = await directory.KilnForecastAsync(city, Today, Today.AddMonths(3), cancellationToken);
            var lines = await directory.KilnLinesAsync(city.City.Id, cancellationToken);
            RecentKiln = (await programmes.KilnDaysAsync(lines, Today.AddMonths(-2), Today, cancellationToken)).Where(d => d.Shutdown.Day.Day <= Today).ToList();
            ProvisionalYears = Kiln.Select(k => k.Day.ConfirmBy.Year).Distinct().Where(directory.Calendar.IsProvisional).ToList();
        }
    }
}
