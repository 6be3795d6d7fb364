using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Measures;

/// <summary>The joint-credit-punishment list and its exchange file for the credit platform (the leading-group office's).</summary>
public sealed class CreditModel(CreditExchangeService credit) : PageModel
{
    public CreditExchangeFile? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Preview = await credit.PreviewAsync(User.Identity?.Name ?? "", ExchangeFormat.Xlsx, cancellationToken);
            return Page();
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
    }

    /// <summary>Produces the file and records it as the latest export (a POST: it changes what the next file compares with).</summary>
    public async Task<IActionResult> OnPostAsync(string? format, CancellationToken cancellationToken)
    {
        try
        {
            var file = await credit.ExportAsync(User.Identity?.Name ?? "", format == "csv" ? ExchangeFormat.Csv : ExchangeFormat.Xlsx, cancellationToken);
            return File(file.Content, file.ContentType, file.FileName);
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
    }
}
