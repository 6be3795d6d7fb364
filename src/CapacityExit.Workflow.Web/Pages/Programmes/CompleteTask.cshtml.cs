using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Programmes;

/// <summary>
/// 办结专项任务: the task's bureau (or the city's leading-group office) records the outcome of a kiln stop not
/// confirmed, a coal mine's breaches, or a re-check, as `programme complete` does. A failed re-check opens a new case
/// against the enterprise (ProgrammeService). A task out of the person's sight is a 404; one they only read, a 403.
/// </summary>
public sealed class CompleteTaskModel(ProgrammeService programmes) : PageModel
{
    public static readonly IReadOnlyList<string> FieldNames = ["outcome", "note", "standard"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Standard { get; set; }

    public ProgrammeTask Task { get; private set; } = null!;

    public IReadOnlyList<string> Outcomes => ProgrammeService.Outcomes[Task.Kind];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        try
        {
            var done = await programmes.CompleteTaskAsync(User.Identity!.Name!,
                new TaskOutcome(Id, Outcome, Note, string.IsNullOrWhiteSpace(Standard) ? null : Standard.Trim()), cancellationToken);
            return Redirect("/programmes?done=" + Uri.EscapeDataString(Text.T($"任务{done.Id}已办结：{ProgrammeService.OutcomeZh(done.Outcome!)}", $"Task {done.Id} completed: {done.Outcome}")));
        }
        catch (DomainValidationException e)
        {
            ProgrammeForm.AddErrors(ModelState, e, FieldNames);
        }
        catch (WorkflowRuleException e) when (e.Code == "role-not-allowed")
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("", Text.T(e.MessageZh, e.Message));
        }

        Response.StatusCode = 400;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (await programmes.TaskForAsync(User.Identity!.Name!, Id, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        if (!found.MayComplete)
        {
            return Forbid();
        }

        Task = found.Task;
        return null;
    }
}
