using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Reports;

/// <summary>What each county and bureau owes the leading-group office this year, received or how late (ReportingService).</summary>
public sealed class IndexModel(ReportingService reporting, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public Jurisdiction? City { get; private set; }

    public IReadOnlyList<ReportStatus> Rows { get; private set; } = [];

    /// <summary>Whether to offer the filing link; the service decides again when the form is sent.</summary>
    public bool MayFile => User.IsInRole(nameof(Role.LeadingGroupOffice)) || User.IsInRole(nameof(Role.CountyOfficer)) || User.IsInRole(nameof(Role.BureauOfficer));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Year ??= ChinaTime.Today(time).Year;
        try
        {
            (City, Rows) = await reporting.StatusForAsync(User.Identity?.Name ?? "", Year.Value, cancellationToken);
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
            ? File(Core.Spreadsheets.Xlsx.Write(Rows, Core.Spreadsheets.ListExports.Reports, "报送"), Core.Spreadsheets.Xlsx.ContentType, $"报送情况{Year}.xlsx")
            : page;
    }

    public static string StepList(ReportStatus row) =>
        string.Join(Text.T("，", ", "), row.Steps.Select(s => $"{s.TakenOn:yyyy-MM-dd} {Step(s.Step)}"));

    public static string Step(string step)
    {
        var (zh, en) = ReportingService.StepTitle(step);
        return Text.T(zh, en);
    }
}
