using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Core.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Measures;

/// <summary>Every enterprise of the person's jurisdiction under a differential or punitive price, since when and why.</summary>
public sealed class PricesModel(CapacityExitDbContext db, MeasureAccess access, WorkflowRuntime runtime) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Lifted { get; set; }

    public IReadOnlyList<PriceMeasureRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = await PriceMeasureService.ListAsync(db, access, runtime, User.Identity?.Name ?? "", Lifted, cancellationToken);
}
