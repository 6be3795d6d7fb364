using CapacityExit.Workflow.Core.Calendar;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Admin.Calendar;

/// <summary>Administrators: the holiday calendar's years, and one year's rest days and make-up working days.</summary>
public sealed class IndexModel(CalendarAdministration calendars, Core.Workflows.WorkflowRuntime runtime, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public HolidayCalendar OnFile { get; private set; } = null!;

    public CalendarYear? Shown { get; private set; }

    /// <summary>Whether the running host computes deadlines with this year (at once when entered here; within a minute when written by another process).</summary>
    public bool InUse(int year) => runtime.Calendar.Covers(year);

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        OnFile = await calendars.LoadAsync(cancellationToken);
        Year ??= ChinaTime.Today(time).Year;
        Shown = OnFile.Year(Year.Value);
        return Page();
    }

    public static string Day(DateOnly d) =>
        d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + Text.T("（周" + "日一二三四五六"[(int)d.DayOfWeek] + "）", $" ({d.DayOfWeek.ToString()[..3]})");
}
