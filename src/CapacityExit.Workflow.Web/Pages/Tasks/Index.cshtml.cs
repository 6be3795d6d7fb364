using CapacityExit.Workflow.Core.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Tasks;

/// <summary>我的待办: the person's open tasks, soonest due first, each one click from its form.</summary>
public sealed class IndexModel(CaseWorkflowService cases, Core.Public.PublicReportService reports, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>Public reports (举报) this person's bureau must verify: they are tasks too, listed under 举报核实.</summary>
    public int ReportsToVerify { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var all = await cases.OpenTasksAsync(User.Identity!.Name, null, cancellationToken);
        Tasks = Overdue ? all.Where(t => t.DueAt < Now).ToList() : all;
        ReportsToVerify = User.IsInRole(nameof(Domain.Registry.Role.BureauOfficer))
            ? (await reports.TasksAsync(User.Identity!.Name, openOnly: true, cancellationToken)).Count
            : 0;
    }

    /// <summary>The same list as .xlsx (issue 17).</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return File(Core.Spreadsheets.Xlsx.Write(Tasks, Core.Spreadsheets.ListExports.Tasks, "我的待办"), Core.Spreadsheets.Xlsx.ContentType, "我的待办.xlsx");
    }
}
