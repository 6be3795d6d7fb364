using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Verifications;

/// <summary>举报核实: the public reports a bureau must verify (the office sees its jurisdiction's), open first, soonest due first.</summary>
public sealed class IndexModel(PublicReportService reports, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    public IReadOnlyList<VerificationTask> Tasks { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!MayVerifyOrOversee())
        {
            return Forbid();
        }

        Today = Text.Today(time);
        Tasks = await reports.TasksAsync(User.Identity!.Name, openOnly: !All, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        if (!MayVerifyOrOversee())
        {
            return Forbid();
        }

        var rows = await reports.TasksAsync(User.Identity!.Name, openOnly: !All, cancellationToken);
        return File(Xlsx.Write(rows, Columns, "举报核实"), Xlsx.ContentType, "举报核实.xlsx");
    }

    public static IReadOnlyList<XlsxColumn<VerificationTask>> Columns => ListExports.Verifications;

    public static string StatusZh(PublicReportStatus status) => ListExports.VerificationStatusZh(status);

    private bool MayVerifyOrOversee() => User.IsInRole(nameof(Role.BureauOfficer)) || User.IsInRole(nameof(Role.LeadingGroupOffice));
}
