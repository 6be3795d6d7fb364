using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Pages.Documents;

/// <summary>A case document, only to people who may see the case, always as a download that the browser must not sniff.</summary>
public sealed class DownloadModel(CapacityExitDbContext db, CaseReadAccess access, DocumentStore store) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        var person = await access.PersonAsync(User.Identity!.Name, cancellationToken);
        if (document is null || !await access.CanSeeAsync(person, document.CaseId, cancellationToken))
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return await store.OpenAsync(document.Sha256, cancellationToken) is { } content
            ? File(content, document.ContentType, document.FileName)
            : throw new InvalidOperationException($"document {document.Id}: no stored content for {document.Sha256}");
    }
}
