using CapacityExit.Workflow.Core.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Reports;

/// <summary>
/// The receipt of a filing: its number and the moment it was recorded, for whoever may see that filer's reports; for
/// anyone else it answers 404, as a receipt that does not exist.
/// </summary>
public sealed class ReceiptModel(ReportingService reporting) : PageModel
{
    public ReportStatus Row { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var row = await reporting.ReceiptAsync(User.Identity?.Name ?? "", id, cancellationToken);
        if (row is null)
        {
            return NotFound();
        }

        Row = row;
        return Page();
    }
}
