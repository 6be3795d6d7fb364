using CapacityExit.Workflow.Core.Public;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Public;

/// <summary>
/// 封存设备公告: the public notice of one case's sealed equipment, published by the product from the case (001 §三.(三).5,
/// 002 §二.(二).5: 在…网站公告，接受社会监督); the government website's copy linked where it carries it too.
/// </summary>
public sealed class SealedEquipmentModel(PublicListService lists) : PageModel
{
    public SealedEquipmentNotice Notice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var notice = await lists.SealedEquipmentNoticeAsync(id, cancellationToken);
        if (notice is null)
        {
            return NotFound();
        }

        Notice = notice;
        return Page();
    }
}
