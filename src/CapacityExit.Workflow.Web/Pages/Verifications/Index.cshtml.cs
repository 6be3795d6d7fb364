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

    public static readonly IReadOnlyList<XlsxColumn<VerificationTask>> Columns =
    [
        new("回执号", t => t.ReceiptNumber), new("举报时间", t => t.SubmittedAt), new("被举报企业", t => t.Enterprise), new("县（市、区）", t => t.County),
        new("地点", t => t.Place), new("问题类别", t => t.Standard?.Zh()), new("核实部门", t => t.Bureau), new("核实期限", t => t.DueOn),
        new("状态", t => StatusZh(t.Status)), new("核实结论", t => t.Result), new("案件编号", t => t.CaseId),
    ];

    public static string StatusZh(PublicReportStatus status) => status switch
    {
        PublicReportStatus.Verifying => "核实中",
        PublicReportStatus.Confirmed => "属实，已立案",
        PublicReportStatus.NotConfirmed => "不属实",
        _ => "未受理",
    };

    private bool MayVerifyOrOversee() => User.IsInRole(nameof(Role.BureauOfficer)) || User.IsInRole(nameof(Role.LeadingGroupOffice));
}
