using System.Globalization;
using CapacityExit.Workflow.Core.Agenda;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Calendar;

/// <summary>日程列表: the coming weeks' items day by day, soonest first, what is overdue first of all.</summary>
public sealed class AgendaModel(AgendaService agenda, TimeProvider time) : PageModel
{
    public const int Days = 60;

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Bureau { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? County { get; set; }

    public DateOnly Start { get; private set; }

    public DateOnly Today { get; private set; }

    public AgendaView View { get; private set; } = null!;

    public string Filters => CalendarQuery.Query(Bureau, County);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = Text.Today(time);
        Start = Today;
        if (!string.IsNullOrWhiteSpace(From))
        {
            if (DateOnly.TryParseExact(From.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) && from.Year is >= 2000 and <= 2100)
            {
                Start = from;
            }
            else
            {
                ModelState.AddModelError(nameof(From), Text.T($"“{From}”不是日期：请写作 年-月-日，如 2027-02-01；已从今天起显示", $"'{From}' is not a date: write year-month-day, e.g. 2027-02-01; showing from today"));
            }
        }

        View = await agenda.ForAsync(User.Identity!.Name, Start, Start.AddDays(Days - 1), CalendarQuery.Filter(Bureau, County, ModelState), cancellationToken);
    }

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
