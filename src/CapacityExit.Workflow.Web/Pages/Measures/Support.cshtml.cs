using System.Globalization;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Measures;

/// <summary>
/// Worker resettlement, funds and land of exiting enterprises (ExitSupportService decides): the year's totals per county,
/// one enterprise's records found by its credit code, and the forms the county's officer or the city's office fill in.
/// </summary>
public sealed class SupportModel(ExitSupportService support, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CreditCode { get; set; }

    [BindProperty]
    public PlanForm Plan { get; set; } = new();

    [BindProperty]
    public FundForm Fund { get; set; } = new();

    [BindProperty]
    public LandForm Land { get; set; } = new();

    public IReadOnlyList<SupportTotals> Totals { get; private set; } = [];

    public EnterpriseSupport? Enterprise { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public Task<IActionResult> OnPostPlanAsync(CancellationToken cancellationToken) => RecordAsync(async () =>
    {
        var counts = new ResettlementCounts(Int(Plan.WorkersAffected, "Plan.WorkersAffected"), Int(Plan.Transferred, "Plan.Transferred"),
            Int(Plan.Reemployed, "Plan.Reemployed"), Int(Plan.EarlyRetired, "Plan.EarlyRetired"), Int(Plan.InsuranceContinued, "Plan.InsuranceContinued"));
        if (ModelState.IsValid)
        {
            await support.RecordPlanAsync(User.Identity?.Name, new ResettlementInput(CreditCode, counts, Plan.DocumentRef), cancellationToken);
            Done = Text.T("职工安置方案已登记。", "The resettlement plan is recorded.");
        }
    }, [("workersAffected", "Plan.WorkersAffected"), ("transferred", "Plan.Transferred"), ("reemployed", "Plan.Reemployed"), ("earlyRetired", "Plan.EarlyRetired"),
        ("insuranceContinued", "Plan.InsuranceContinued"), ("documentRef", "Plan.DocumentRef"), ("creditCode", nameof(CreditCode))], cancellationToken);

    public Task<IActionResult> OnPostFundAsync(CancellationToken cancellationToken) => RecordAsync(async () =>
    {
        var applied = Dec(Fund.Applied, "Fund.Applied") ?? 0;
        var approved = string.IsNullOrWhiteSpace(Fund.Approved) ? null : Dec(Fund.Approved, "Fund.Approved");
        var paid = string.IsNullOrWhiteSpace(Fund.Paid) ? null : Dec(Fund.Paid, "Fund.Paid");
        if (ModelState.IsValid)
        {
            await support.RecordFundAsync(User.Identity?.Name, Fund.Id,
                new FundInput(CreditCode, Int(Fund.Year, "Fund.Year"), Fund.Source, Fund.DocumentRef, applied, approved, paid), cancellationToken);
            Done = Text.T("奖补资金已登记。", "The funds are recorded.");
        }
    }, [("applied", "Fund.Applied"), ("approved", "Fund.Approved"), ("paid", "Fund.Paid"), ("source", "Fund.Source"), ("documentRef", "Fund.DocumentRef"),
        ("year", "Fund.Year"), ("creditCode", nameof(CreditCode))], cancellationToken);

    public Task<IActionResult> OnPostLandAsync(CancellationToken cancellationToken) => RecordAsync(async () =>
    {
        var area = Dec(Land.AreaMu, "Land.AreaMu") ?? 0;
        if (ModelState.IsValid)
        {
            await support.RecordLandAsync(User.Identity?.Name, new LandInput(CreditCode, Int(Land.Year, "Land.Year"), area, Land.Disposal, Land.DocumentRef), cancellationToken);
            Done = Text.T("土地盘活情况已登记。", "The land reuse is recorded.");
        }
    }, [("areaMu", "Land.AreaMu"), ("disposal", "Land.Disposal"), ("documentRef", "Land.DocumentRef"), ("year", "Land.Year"), ("creditCode", nameof(CreditCode))], cancellationToken);

    private async Task<IActionResult> RecordAsync(Func<Task> record, (string Field, string Key)[] inputs, CancellationToken cancellationToken)
    {
        try
        {
            await support.EnsureMayRecordAsync(User.Identity?.Name, CreditCode, cancellationToken);
            await record();
            if (ModelState.IsValid)
            {
                return Redirect($"/measures/support?creditCode={Uri.EscapeDataString(CreditCode ?? "")}");
            }
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid(); // as on every other form: a person whose role may not record this gets 403, not a form error
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("", e.Message());
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, inputs);
        }

        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Year ??= ChinaTime.Today(time).Year;
        try
        {
            Totals = await support.TotalsAsync(User.Identity?.Name, Year.Value, cancellationToken);
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("year", nameof(Year)));
        }
        if (!string.IsNullOrWhiteSpace(CreditCode))
        {
            try
            {
                Enterprise = await support.ForEnterpriseAsync(User.Identity?.Name, CreditCode, cancellationToken);
            }
            catch (DomainValidationException e)
            {
                ModelState.AddErrors(e, ("creditCode", nameof(CreditCode)));
            }
            catch (WorkflowRuleException e)
            {
                ModelState.AddModelError(nameof(CreditCode), e.Message());
            }
        }
    }

    private int Int(string? text, string key)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        ModelState.AddModelError(key, Text.T($"请填写整数（“{text}”无效）", $"write a whole number ('{text}' is not one)"));
        return 0;
    }

    private decimal? Dec(string? text, string key)
    {
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        ModelState.AddModelError(key, Text.T($"请填写数字，如 120.5（“{text}”无效）", $"write a number, e.g. 120.5 ('{text}' is not one)"));
        return null;
    }

    public static string N(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public sealed class PlanForm
    {
        public string? WorkersAffected { get; set; }
        public string? Transferred { get; set; }
        public string? Reemployed { get; set; }
        public string? EarlyRetired { get; set; }
        public string? InsuranceContinued { get; set; }
        public string? DocumentRef { get; set; }
    }

    public sealed class FundForm
    {
        public long? Id { get; set; }
        public string? Year { get; set; }
        public string? Source { get; set; }
        public string? DocumentRef { get; set; }
        public string? Applied { get; set; }
        public string? Approved { get; set; }
        public string? Paid { get; set; }
    }

    public sealed class LandForm
    {
        public string? Year { get; set; }
        public string? AreaMu { get; set; }
        public string? Disposal { get; set; }
        public string? DocumentRef { get; set; }
    }
}
