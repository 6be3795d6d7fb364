using CapacityExit.Workflow.Core.Notices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Notices;

/// <summary>The 通报 and 约谈 issued in the person's jurisdiction, newest first, each with its .docx.</summary>
public sealed class IndexModel(NoticeRegister register) : PageModel
{
    private const int MaxPage = 100_000;

    [BindProperty(SupportsGet = true, Name = "p")] // "page" is the route value naming the Razor page
    public int PageNumber { get; set; }

    public IReadOnlyList<NoticeEntry> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + NoticeRegister.PageSize - 1) / NoticeRegister.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (PageNumber is < 0 or > MaxPage)
        {
            return BadRequest();
        }

        (Rows, Total) = await register.PageAsync(User.Identity?.Name, PageNumber, cancellationToken);
        return Page();
    }

    /// <summary>Every notice of the list (all its pages) as .xlsx (issue 17).</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        var all = await Core.Spreadsheets.ListExports.AllNoticesAsync(register, User.Identity?.Name, cancellationToken);
        return File(Core.Spreadsheets.Xlsx.Write(all, Core.Spreadsheets.ListExports.Notices, "通报与约谈"), Core.Spreadsheets.Xlsx.ContentType, "通报与约谈.xlsx");
    }
}
