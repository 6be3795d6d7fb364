using CapacityExit.Workflow.Core.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages;

/// <summary>工作台: the signed-in person's scope at a glance.</summary>
public sealed class DashboardModel(DashboardService dashboard) : PageModel
{
    public DashboardSummary Summary { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Summary = await dashboard.ForAsync(User.Identity!.Name, cancellationToken);
}
