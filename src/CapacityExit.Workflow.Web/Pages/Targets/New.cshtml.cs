using System.Globalization;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Targets;

/// <summary>The city's leading-group office sets a county's annual exit target (ReportingService.SetTargetAsync decides).</summary>
public sealed class NewModel(ReportingService reporting, TimeProvider time) : PageModel
{
    private static readonly (string, string)[] Inputs =
    [
        ("county", "Input.County"), ("year", "Input.Year"), ("description", "Input.Description"), ("amount", "Input.Amount"),
        ("unit", "Input.Unit"), ("due", "Input.Due"),
    ];

    [BindProperty]
    public TargetForm Input { get; set; } = new();

    public IReadOnlyList<TargetCounty> Counties { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Input.Year = ChinaTime.Today(time).Year.ToString(CultureInfo.InvariantCulture);
        Input.Unit = "万吨/年";
        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        // The form sends text; what is not a number or a date is said here, beside its field, before the service sees it.
        var year = Parse(Input.Year, "Input.Year", t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : (int?)null,
            Text.T("请填写四位数年度，如 2026", "write the year as four digits, e.g. 2026"));
        var amount = Parse(Input.Amount, "Input.Amount", t => decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a : (decimal?)null,
            Text.T("请填写数字，如 12.5", "write a number, e.g. 12.5"));
        DateOnly? due = null;
        if (!string.IsNullOrWhiteSpace(Input.Due))
        {
            due = Parse(Input.Due, "Input.Due", t => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null,
                Text.T("请按 年-月-日 填写，如 2026-10-31", "write it as year-month-day, e.g. 2026-10-31"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var row = await reporting.SetTargetAsync(User.Identity?.Name ?? "",
                new TargetInput(Input.County ?? "", year!.Value, Input.Description ?? "", amount!.Value, Input.Unit ?? "", due), cancellationToken);
            var county = Counties.FirstOrDefault(c => c.Code == Input.County)?.NameZh ?? Input.County;
            var amountText = row.Amount.ToString("0.###", CultureInfo.InvariantCulture);
            Done = Text.T($"已下达：{county} {row.Year}年“{row.Description}” {amountText} {row.Unit}，{row.DueOn:yyyy-MM-dd}前完成。完成情况按案件自动计算。",
                $"Set: {county} {row.Year} '{row.Description}' {amountText} {row.Unit}, due {row.DueOn:yyyy-MM-dd}. Progress is measured from the cases.");
            return Redirect($"/targets?year={row.Year}");
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("Input.Description", e.Message());
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, Inputs);
        }

        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Counties = await reporting.TargetCountiesAsync(User.Identity?.Name ?? "", cancellationToken);
        return Counties.Count == 0 ? Forbid() : null;
    }

    private T? Parse<T>(string? text, string key, Func<string, T?> parse, string hint)
        where T : struct
    {
        var value = string.IsNullOrWhiteSpace(text) ? null : parse(text.Trim());
        if (value is null)
        {
            ModelState.AddModelError(key, string.IsNullOrWhiteSpace(text) ? Text.T($"请填写此项：{hint}", $"fill this in: {hint}") : Text.T($"“{text}”无效：{hint}", $"'{text}' is not valid: {hint}"));
        }

        return value;
    }

    public sealed class TargetForm
    {
        public string? County { get; set; }

        public string? Year { get; set; }

        public string? Description { get; set; }

        public string? Amount { get; set; }

        public string? Unit { get; set; }

        public string? Due { get; set; }
    }
}
