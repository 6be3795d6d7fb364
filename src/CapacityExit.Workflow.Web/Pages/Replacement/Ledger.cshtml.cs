using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Replacement;

/// <summary>The ledger of the person's jurisdiction as an .xlsx workbook.</summary>
public sealed class LedgerModel(ReplacementService replacement, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        File(await replacement.LedgerWorkbookAsync(User.Identity?.Name ?? "", cancellationToken),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"产能置换台账-{ChinaTime.Today(time):yyyyMMdd}.xlsx");
}
