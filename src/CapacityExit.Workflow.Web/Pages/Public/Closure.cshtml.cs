using CapacityExit.Workflow.Core.Public;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Public;

/// <summary>关停企业公告: the notice of one exited enterprise on the government website (002 §二.(二).6).</summary>
public sealed class ClosureModel(PublicListService lists) : PageModel
{
    public ClosureNotice Notice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var notice = await lists.ClosureNoticeAsync(id, cancellationToken);
        if (notice is null)
        {
            return NotFound();
        }

        Notice = notice;
        return Page();
    }
}
