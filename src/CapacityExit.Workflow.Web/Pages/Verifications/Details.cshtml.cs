using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Verifications;

/// <summary>
/// One public report: what was reported, and for the verifying bureau's officer the two outcomes — confirmed, which opens the
/// case through the case-opening service (立案 with the report's facts filled in), or not confirmed with the reason published.
/// </summary>
public sealed class DetailsModel(PublicReportService reports, WorkflowRuntime runtime, TimeProvider time) : PageModel
{
    [BindProperty] public ConfirmForm Input { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }

    public VerificationTask Task { get; private set; } = null!;
    public IReadOnlyList<VariableDefinition> Variables { get; private set; } = [];
    public bool MayDecide { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        Input = new ConfirmForm
        {
            EnterpriseName = Task.Enterprise, CountyCode = Task.CountyCode, FindingDate = Text.Today(time).ToString("yyyy-MM-dd"),
            LegalBasis = $"群众举报经核实属实（举报回执{Task.ReceiptNumber}）",
        };
        return Page();
    }

    public async Task<IActionResult> OnGetPhotoAsync(long id, CancellationToken cancellationToken)
    {
        var photo = await reports.PhotoAsync(User.Identity!.Name, id, cancellationToken);
        if (photo is not { } p)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(p.Content, p.ContentType, p.Name);
    }

    public async Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        var variables = Variables.Select(v => (v.Name, Value: Request.Form["var." + v.Name].ToString().Trim()))
            .Where(v => v.Value.Length > 0).ToDictionary(v => v.Name, v => v.Value);
        try
        {
            var opened = await reports.ConfirmAsync(User.Identity!.Name, id, new CaseOpening(
                Input.CreditCode, Input.EnterpriseName, Input.Industry, Input.CountyCode, Input.Item, Input.Amount, Input.Unit,
                Task.Standard!.Value.ToString(), Input.FindingDate, Input.LegalBasis, Task.BureauId?.ToString(), variables), cancellationToken);
            return Redirect($"/cases/{opened.Id}?done={Uri.EscapeDataString(Text.T("举报核实属实，已立案", "Report confirmed, case opened"))}");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("creditCode", "Input.CreditCode"), ("enterpriseName", "Input.EnterpriseName"), ("name", "Input.EnterpriseName"),
                ("industry", "Input.Industry"), ("countyCode", "Input.CountyCode"), ("item", "Input.Item"), ("description", "Input.Item"),
                ("amount", "Input.Amount"), ("unit", "Input.Unit"), ("findingDate", "Input.FindingDate"), ("legalBasis", "Input.LegalBasis"));
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("", e.Message());
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        try
        {
            await reports.RejectAsync(User.Identity!.Name, id, Reason, cancellationToken);
            return Redirect("/verifications");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("reason", nameof(Reason)));
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("", e.Message());
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(nameof(Role.BureauOfficer)) && !User.IsInRole(nameof(Role.LeadingGroupOffice)))
        {
            return Forbid();
        }

        var task = await reports.TaskAsync(User.Identity!.Name, id, cancellationToken);
        if (task is null)
        {
            return NotFound();
        }

        Task = task;
        MayDecide = task.Status == PublicReportStatus.Verifying && User.IsInRole(nameof(Role.BureauOfficer));
        Variables = task.Standard is { } s ? runtime.Catalog.Latest(s.Id()).Variables : [];
        return null;
    }

    public sealed class ConfirmForm
    {
        public string? CreditCode { get; set; }
        public string? EnterpriseName { get; set; }
        public string? Industry { get; set; }
        public string? CountyCode { get; set; }
        public string? Item { get; set; }
        public string? Amount { get; set; }
        public string? Unit { get; set; }
        public string? FindingDate { get; set; }
        public string? LegalBasis { get; set; }
    }
}
