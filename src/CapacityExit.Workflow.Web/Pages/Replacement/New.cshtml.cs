using System.Globalization;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Replacement;

/// <summary>The office (or the development and reform bureau) records a replacement plan; ReplacementService accepts it whole or refuses it.</summary>
public sealed class NewModel(ReplacementService replacement) : PageModel
{
    [BindProperty]
    public PlanForm Input { get; set; } = new();

    /// <summary>What the plan draws from each ledger item, by item id, as typed.</summary>
    [BindProperty]
    public Dictionary<int, string?> Draws { get; set; } = [];

    public IReadOnlyList<Jurisdiction> Counties { get; private set; } = [];

    public IReadOnlyList<LedgerRow> Free { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Input.Unit = "万吨/年";
        Input.Industry = "钢铁";
        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var newCapacity = decimal.TryParse(Input.NewCapacity, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : (decimal?)null;
        if (newCapacity is null)
        {
            ModelState.AddModelError("Input.NewCapacity", Text.T("请填写新建产能，如 32", "give the new capacity as a number, e.g. 32"));
        }

        var draws = new List<LedgerDraw>();
        foreach (var (item, text) in Draws.Where(d => !string.IsNullOrWhiteSpace(d.Value)))
        {
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            {
                draws.Add(new LedgerDraw(item, amount));
            }
            else
            {
                ModelState.AddModelError($"Draws[{item}]", Text.T($"台账{item}：“{text}”不是数字", $"item {item}: '{text}' is not a number"));
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var plan = await replacement.PlanAsync(User.Identity?.Name ?? "",
                new PlanInput(Input.ProjectName, Input.Applicant, Input.County, Input.Industry, newCapacity!.Value, Input.Unit, draws, Input.DocumentRef), cancellationToken);
            TempData["Done"] = Text.T($"已受理第{plan.Id}号产能置换方案：{plan.ProjectName}，应置换{IndexModel.N(plan.Required)}{plan.Unit}，已置换{IndexModel.N(plan.Drawn)}{plan.Unit}。",
                $"Plan No. {plan.Id} accepted: {plan.ProjectName}, {IndexModel.N(plan.Drawn)} of {IndexModel.N(plan.Required)} {plan.Unit} retired.");
            return Redirect("/replacement");
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("", e.Message());
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, [("projectName", "Input.ProjectName"), ("applicant", "Input.Applicant"), ("county", "Input.County"), ("industry", "Input.Industry"),
                ("newCapacity", "Input.NewCapacity"), ("unit", "Input.Unit"), ("documentRef", "Input.DocumentRef"),
                .. Free.Select(f => ($"draws[{f.CapacityItemId}]", $"Draws[{f.CapacityItemId}]"))]);
        }

        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Counties = await replacement.CountiesAsync(User.Identity?.Name ?? "", cancellationToken);
        if (Counties.Count == 0)
        {
            return Forbid();
        }

        Free = (await replacement.LedgerAsync(User.Identity?.Name ?? "", cancellationToken)).Where(r => r.Free > 0).ToList();
        return null;
    }

    public sealed class PlanForm
    {
        public string? County { get; set; }

        public string? Industry { get; set; }

        public string? ProjectName { get; set; }

        public string? Applicant { get; set; }

        public string? NewCapacity { get; set; }

        public string? Unit { get; set; }

        public string? DocumentRef { get; set; }
    }
}
