using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Targets;

/// <summary>The year's exit targets of the person's city, with the capacity the cases have exited by the due day and to date.</summary>
public sealed class IndexModel(ReportingService reporting, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public Jurisdiction? City { get; private set; }

    public IReadOnlyList<TargetStatus> Rows { get; private set; } = [];

    public bool MaySet { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Year ??= ChinaTime.Today(time).Year;
        try
        {
            (City, Rows) = await reporting.TargetsForAsync(User.Identity?.Name ?? "", Year.Value, cancellationToken);
            MaySet = (await reporting.TargetCountiesAsync(User.Identity?.Name ?? "", cancellationToken)).Count > 0;
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("year", nameof(Year)));
        }

        return Page();
    }

    /// <summary>The same list as .xlsx (issue 17).</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        var page = await OnGetAsync(cancellationToken);
        return page is PageResult && ModelState.IsValid
            ? File(Core.Spreadsheets.Xlsx.Write(Rows, Core.Spreadsheets.ListExports.Targets, "年度目标"), Core.Spreadsheets.Xlsx.ContentType, $"年度目标{Year}.xlsx")
            : page;
    }

    public static string StateName(TargetState state) => state switch
    {
        TargetState.Met => Text.T("已完成", "Met"),
        TargetState.InProgress => Text.T("进行中", "In progress"),
        TargetState.MetLate => Text.T("逾期后完成", "Met late"),
        _ => Text.T("未完成", "Missed"),
    };

    public static string Amount(decimal value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
