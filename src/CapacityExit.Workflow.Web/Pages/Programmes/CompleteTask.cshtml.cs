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
    public static readonly IReadOnlyList<string> FieldNames = ["outcome", "note", "standard", "variables", "reportedOn", "authorityReference"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Standard { get; set; }

    /// <summary>A permit duty reported (001 §四.(七)): the day it was reported to the provincial authority, and the reference.</summary>
    [BindProperty] public string? ReportedOn { get; set; }

    [BindProperty] public string? AuthorityReference { get; set; }

    /// <summary>A failed re-check's new case: the facts its workflow asks for at opening, one "name=value" a line (as the CLI's --data).</summary>
    [BindProperty] public string? Variables { get; set; }

    public ProgrammeTask Task { get; private set; } = null!;

    public IReadOnlyList<string> Outcomes => ProgrammeService.Outcomes[Task.Kind];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, n) in (Variables ?? "").Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(x => x.Item1.Length > 0))
        {
            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                ModelState.AddModelError("variables", Text.T($"第{n}行“{line}”应写作 名称=值", $"line {n} '{line}' is not name=value"));
                break;
            }

            variables[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = 400;
            return Page();
        }

        try
        {
            var done = await programmes.CompleteTaskAsync(User.Identity!.Name!,
                new TaskOutcome(Id, Outcome, Note, string.IsNullOrWhiteSpace(Standard) ? null : Standard.Trim(), variables.Count > 0 ? variables : null,
                    ReportedOn, AuthorityReference), cancellationToken);
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
