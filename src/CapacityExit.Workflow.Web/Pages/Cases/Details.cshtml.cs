using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Pages.Cases;

/// <summary>A pending deadline of the case, with what it is called and when it falls.</summary>
public sealed record DeadlineLine(string Title, DateTimeOffset DueAt);

/// <summary>案件详情: the case, its deadline, timeline, tasks, notices, documents and the person's actions.</summary>
public sealed class DetailsModel(CaseFileService files, CaseDetailsService details, CapacityExitDbContext db, WorkflowRuntime runtime, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public CaseFile Case { get; private set; } = null!;
    public IReadOnlyList<DeadlineLine> Deadlines { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>The running deadline as the calculus explains it (which rule, which rest days, provisional or not).</summary>
    public CurrentDeadline? Explained { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var file = await files.GetAsync(User.Identity!.Name, Id, cancellationToken);
        if (file is null)
        {
            return NotFound(); // out of scope reads as absent: the page must not confirm that a case exists
        }

        Case = file;
        Explained = (await details.GetAsync(Id, cancellationToken))?.Deadline;
        Now = time.GetUtcNow();
        var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.CaseId == Id, cancellationToken);
        var definition = runtime.Catalog.Get(instance.DefinitionId, instance.Version);
        var timers = definition.CaseTimers.Concat(definition.States.Values.SelectMany(s => s.Timers))
            .Where(t => t.Due is not Domain.Workflows.RecurringDue).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First().Title);
        Deadlines = (await db.WorkflowTimers.AsNoTracking().Where(t => t.CaseId == Id && t.Status == TimerStatus.Pending).OrderBy(t => t.DueAt)
                .ToListAsync(cancellationToken))
            .Where(t => timers.ContainsKey(t.Kind)).Select(t => new DeadlineLine(timers[t.Kind], t.DueAt)).ToList();
        return Page();
    }

    /// <summary>Whole days from today (Beijing) to the last day a deadline ends on (it ends at 24:00 of that day).</summary>
    public int DaysLeft(DateTimeOffset dueAt) =>
        Domain.Deadlines.ChinaTime.LastDayEndingAt(dueAt).DayNumber
        - Domain.Deadlines.ChinaTime.Today(time).DayNumber;
}
