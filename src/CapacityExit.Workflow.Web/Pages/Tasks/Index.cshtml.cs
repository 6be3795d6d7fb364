using CapacityExit.Workflow.Core.Obligations;
using CapacityExit.Workflow.Domain.Obligations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Tasks;

/// <summary>
/// 我的待办: every open duty the person owes — case steps, 举报 to verify, programme tasks, reports to file — soonest last
/// day first, with the days left and how far the ladder has climbed, each one click from the form that discharges it.
/// </summary>
public sealed class IndexModel(ObligationLedger ledger, TimeProvider time) : PageModel
{
    /// <summary>Only duties whose last day has passed.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    /// <summary>Only duties of this kind; none: every kind.</summary>
    [BindProperty(SupportsGet = true)]
    public ObligationKind? Kind { get; set; }

    /// <summary>Only duties whose last day is at most this many days away (overdue ones included).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Within { get; set; }

    public IReadOnlyList<Obligation> Tasks { get; private set; } = [];

    /// <summary>How many open duties of each kind the person has, before the filters.</summary>
    public IReadOnlyDictionary<ObligationKind, int> Counts { get; private set; } = new Dictionary<ObligationKind, int>();

    public DateOnly Today { get; private set; }

    public static IReadOnlyList<int> Windows => Obligation.DueWindows;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Within is { } w && !Windows.Contains(w))
        {
            ModelState.AddModelError(nameof(Within), Text.T($"期限范围只能是{string.Join("、", Windows)}天", $"the due window is one of {string.Join(", ", Windows)} days"));
        }

        if (!ModelState.IsValid)
        {
            return BadRequest(ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage);
        }

        Today = Text.Today(time);
        var all = await ledger.OpenForAsync(User.Identity!.Name!, cancellationToken);
        Counts = all.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Count());
        Tasks = all.Where(o => o.Matches(Today, Overdue, Kind, Within)).ToList();
        return Page();
    }

    /// <summary>The same list, with the same filters, as .xlsx.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        if (await OnGetAsync(cancellationToken) is not PageResult)
        {
            return BadRequest();
        }

        return File(Core.Spreadsheets.Xlsx.Write(Tasks, Core.Spreadsheets.ListExports.Tasks, "我的待办"), Core.Spreadsheets.Xlsx.ContentType, "我的待办.xlsx");
    }
}
