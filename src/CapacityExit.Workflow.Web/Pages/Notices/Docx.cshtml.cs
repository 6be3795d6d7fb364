using CapacityExit.Workflow.Core.Notices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Notices;

/// <summary>
/// A notice's .docx as an attachment, only for people whose jurisdiction holds the notice's region (NoticeRegister); one
/// of another jurisdiction answers 404 as one that does not exist.
/// </summary>
public sealed class DocxModel(NoticeRegister register) : PageModel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var file = await register.DocumentAsync(User.Identity?.Name, id, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        // Never rendered in place: saved as a file, and the browser must not guess another type.
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(file.Content, ContentType, file.FileName);
    }
}
