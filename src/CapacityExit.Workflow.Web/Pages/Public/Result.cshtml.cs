using CapacityExit.Workflow.Core.Public;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Public;

/// <summary>The published result of a 举报, by its receipt number: being verified (by when), confirmed (a case opened), or not with the reason.</summary>
public sealed class ResultModel(PublicReportService reports) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "new")] public bool JustFiled { get; set; }

    public PublicReportResult Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string receipt, CancellationToken cancellationToken)
    {
        var result = await reports.ResultAsync(receipt, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        Result = result;
        return Page();
    }
}
