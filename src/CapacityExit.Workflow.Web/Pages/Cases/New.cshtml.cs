using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Pages.Cases;

/// <summary>立案: first the standard (it decides which facts the workflow needs), then the case itself.</summary>
public sealed class NewModel(CaseOpeningService opening, CapacityExitDbContext db, WorkflowRuntime runtime) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Standard { get; set; }
    [BindProperty] public CaseOpeningForm Input { get; set; } = new();

    public IReadOnlyList<Bureau> Bureaus { get; private set; } = [];
    public IReadOnlyList<Jurisdiction> Counties { get; private set; } = [];
    public IReadOnlyList<VariableDefinition> Variables { get; private set; } = [];
    public Standard? Chosen { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Chosen is null)
        {
            ModelState.AddModelError(nameof(Standard), Text.T("请先选择不达标的标准", "choose the standard first"));
            return Page();
        }

        var variables = Variables.Select(v => (v.Name, Value: Request.Form["var." + v.Name].ToString().Trim()))
            .Where(v => v.Value.Length > 0).ToDictionary(v => v.Name, v => v.Value);
        try
        {
            var opened = await opening.OpenAsync(User.Identity!.Name, new CaseOpening(
                Input.CreditCode, Input.EnterpriseName, Input.Industry, Input.CountyCode, Input.Item, Input.Amount, Input.Unit,
                Chosen.Value.ToString(), Input.FindingDate, Input.LegalBasis, Input.BureauId, variables), cancellationToken);
            return Redirect($"/cases/{opened.Id}?done={Uri.EscapeDataString(Text.T("立案，流程已启动", "Case opened, its workflow started"))}");
        }
        catch (DomainValidationException e)
        {
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(KeyOf(error.Field), Text.T(error.MessageZh, error.MessageEn));
            }
        }
        catch (WorkflowRuleException e) when (e.Code == "role-not-allowed")
        {
            return Forbid();
        }

        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>The services' field names onto this form's inputs, so each message stands beside its field.</summary>
    private static string KeyOf(string field) => field switch
    {
        "creditCode" => "Input.CreditCode",
        "name" or "enterpriseName" => "Input.EnterpriseName",
        "industry" => "Input.Industry",
        "countyCode" => "Input.CountyCode",
        "description" or "item" => "Input.Item",
        "amount" => "Input.Amount",
        "unit" => "Input.Unit",
        "findingDate" => "Input.FindingDate",
        "legalBasis" => "Input.LegalBasis",
        "bureauId" or "responsibleBureauId" => "Input.BureauId",
        "standard" => nameof(Standard),
        _ => "",
    };

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Bureaus = await opening.BureausForAsync(User.Identity!.Name, cancellationToken);
        if (Bureaus.Count == 0)
        {
            return Forbid();
        }

        if (StandardNames.TryParse(Standard, out var standard))
        {
            Chosen = standard;
            Variables = runtime.Catalog.Latest(standard.Id()).Variables;
            Bureaus = Bureaus.Where(b => b.Standards.Contains(standard)).ToList();
        }
        else if (!string.IsNullOrEmpty(Standard))
        {
            ModelState.AddModelError(nameof(Standard), Text.T($"未知标准“{Standard}”", $"unknown standard '{Standard}'"));
        }

        var regions = Bureaus.Select(b => b.JurisdictionId).Distinct().ToList();
        Counties = await db.Jurisdictions.AsNoTracking()
            .Where(j => (j.Level == JurisdictionLevel.CountyDistrict || j.Level == JurisdictionLevel.DevelopmentZone)
                && (regions.Contains(j.Id) || (j.ParentId != null && regions.Contains(j.ParentId.Value))))
            .OrderBy(j => j.Code).ToListAsync(cancellationToken);
        return null;
    }

    public sealed class CaseOpeningForm
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
        public string? BureauId { get; set; }
    }
}
