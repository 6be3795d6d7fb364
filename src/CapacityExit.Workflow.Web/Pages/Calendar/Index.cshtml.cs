using System.Globalization;
using CapacityExit.Workflow.Core.Agenda;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Calendar;

/// <summary>日程（月视图）: a month of everything due for the person, by bureau or county, rest days marked.</summary>
public sealed class IndexModel(AgendaService agenda, WorkflowRuntime runtime, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Bureau { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? County { get; set; }

    public DateOnly First { get; private set; }

    public DateOnly Today { get; private set; }

    public AgendaView View { get; private set; } = null!;

    public ILookup<DateOnly, AgendaItem> ByDay { get; private set; } = null!;

    public string Filters => CalendarQuery.Query(Bureau, County);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = Text.Today(time);
        First = new DateOnly(Today.Year, Today.Month, 1);
        if (!string.IsNullOrWhiteSpace(Month))
        {
            if (DateOnly.TryParseExact(Month.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year is >= 2000 and <= 2100)
            {
                First = first;
            }
            else
            {
                ModelState.AddModelError(nameof(Month), Text.T($"“{Month}”不是月份：请写作 年-月，如 2027-02；已显示本月", $"'{Month}' is not a month: write year-month, e.g. 2027-02; showing this month"));
            }
        }

        var filter = CalendarQuery.Filter(Bureau, County, ModelState);
        View = await agenda.ForAsync(User.Identity!.Name, GridStart, GridStart.AddDays(41), filter, cancellationToken);
        ByDay = View.Items.ToLookup(i => i.Day);
    }

    /// <summary>The Monday on or before the month's first day: the grid shows six whole weeks.</summary>
    public DateOnly GridStart => First.AddDays(-(((int)First.DayOfWeek + 6) % 7));

    public string MonthText(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A rest day's note: the holiday's name, 周末, 调休上班; null for an ordinary working day or a year not yet known.</summary>
    public (bool IsRest, string? Note) Kind(DateOnly day)
    {
        try
        {
            var calendar = runtime.WorkflowCalendar;
            return calendar.Classify(day) switch
            {
                DayKind.PublicHoliday => (true, calendar.HolidayName(day)),
                DayKind.Weekend => (true, null),
                DayKind.MakeUpWorkingDay => (false, Text.T("调休上班", "make-up working day")),
                _ => (false, null),
            };
        }
        catch (YearNotCoveredException)
        {
            return (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, null);
        }
    }
}
