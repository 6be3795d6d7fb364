using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Reports;

/// <summary>
/// Records a report as received: a county officer for their county, a bureau officer for their bureau, the office
/// for any filer of its city (ReportingService decides). The uploaded document comes with the upload work; for now
/// the filing carries a note.
/// </summary>
public sealed class FileModel(ReportingService reporting) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Report { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Filer { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public ReportStatus? Row { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        try
        {
            var row = await reporting.SubmitAsync(User.Identity?.Name ?? "", new ReportFiling(Report!, Year, Filer, Note), cancellationToken);
            return Redirect($"/reports/receipt/{row.Id}");
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("", e.Message());
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("note", nameof(Note)));
        }

        return Page();
    }

    /// <summary>The report named by the address among those the person sees; 404 when it is not one of them.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (Report is null || Filer is null || Year is < 2000 or > 2100)
        {
            return NotFound();
        }

        try
        {
            var (_, rows) = await reporting.StatusForAsync(User.Identity?.Name ?? "", Year, cancellationToken);
            Row = rows.FirstOrDefault(r => r.Obligation.Report.Name == Report && r.Obligation.Filer.Key == Filer);
            return Row is null ? NotFound() : null;
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
    }
}
