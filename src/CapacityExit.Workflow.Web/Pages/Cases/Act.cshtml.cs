using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Cases;

/// <summary>
/// One form for every command and task outcome the definitions have (request an extension, decide it, record a
/// re-inspection, approve a closure, the closure measures, the acceptance with its photos and opinion, withdraw):
/// the fields are the ones the definition requires, the decision is the engine's, and the files are kept with the
/// transition or not at all (the page checks them; <see cref="CaseWorkflowService"/> stores them once the action is accepted).
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ActModel(CaseWorkflowService workflows, CaseReadAccess access) : PageModel
{
    private const long MaxRequestBytes = 8 * UploadedFile.MaxBytes;

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string Command { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Task { get; set; }

    public AvailableAction Available { get; private set; } = null!;
    public IReadOnlyList<ActionField> Fields { get; private set; } = [];
    public Dictionary<string, string> Values { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var data = new Dictionary<string, string>();
        var attachments = new List<(string Purpose, UploadedFile File)>();
        foreach (var field in Fields.Append(ActionFields.Attachment))
        {
            if (field.IsUpload)
            {
                var names = new List<string>();
                foreach (var file in Request.Form.Files.GetFiles(field.Name).Where(f => f.Length > 0 || f.FileName.Length > 0))
                {
                    try
                    {
                        await using var stream = file.OpenReadStream();
                        var read = await UploadedFile.ReadAsync(field.Name, file.FileName, stream, field.Accepts, cancellationToken);
                        attachments.Add((field.Name, read));
                        names.Add($"{read.FileName}（SHA-256 {read.Sha256[..12]}）");
                    }
                    catch (DomainValidationException e)
                    {
                        await RequestLimits.AuditAsync(HttpContext, $"{field.Name}: " + string.Join("; ", e.Errors.Select(x => x.MessageEn)));
                        AddErrors(e);
                    }
                }

                if (names.Count > 0 && field != ActionFields.Attachment)
                {
                    data[field.Name] = string.Join("；", names);
                }
            }
            else
            {
                var value = Request.Form[field.Name].ToString();
                Values[field.Name] = value;
                if (value.Trim().Length > 0)
                {
                    data[field.Name] = value.Trim();
                }
            }
        }

        foreach (var field in Fields.Where(f => Available.Requires.Contains(f.Name) && !data.ContainsKey(f.Name) && ModelState[f.Name] is null or { Errors.Count: 0 }))
        {
            ModelState.AddModelError(field.Name, Text.T($"请填写“{field.LabelZh}”", $"'{field.LabelEn}' is required"));
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = 400;
            return Page();
        }

        var command = Available.TaskKey is null ? Available.Event : "complete-task";
        if (Available.TaskKey is { } taskKey)
        {
            data["task"] = taskKey;
            data["outcome"] = Available.Event;
        }

        try
        {
            // The service keeps the files only once the engine has accepted the action (a refusal keeps none).
            await workflows.IssueAsync(Id, User.Identity!.Name, command, data, attachments, cancellationToken);
        }
        catch (DomainValidationException e)
        {
            AddErrors(e);
            Response.StatusCode = 400;
            return Page();
        }
        catch (WorkflowRuleException e) when (e.Code == "role-not-allowed")
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            var field = Fields.FirstOrDefault(f => e.MessageZh.Contains($"“{f.Name}”") || e.Message.Contains($"'{f.Name}'")
                || (Available.Extension is { } x && x.Field == f.Name && e.Code.StartsWith("extension", StringComparison.Ordinal)));
            ModelState.AddModelError(field?.Name ?? "", Text.T(e.MessageZh, e.Message));
            Response.StatusCode = 400;
            return Page();
        }

        return Redirect($"/cases/{Id}?done={Uri.EscapeDataString(Available.Title)}");
    }

    /// <summary>The case and the action, or the refusal: 404 for a case out of sight, 403 for an action not theirs now.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(User.Identity!.Name, cancellationToken);
        if (!await access.CanSeeAsync(person, Id, cancellationToken))
        {
            return NotFound();
        }

        var actions = await workflows.ActionsAsync(Id, person.Login, cancellationToken);
        var match = actions.FirstOrDefault(a => a.Event == Command && a.TaskKey == (string.IsNullOrEmpty(Task) ? null : Task));
        if (match is null)
        {
            return Forbid();
        }

        Available = match;
        // The required fields, then the extension's own (a new last day, or a period instead: one of the two, the engine says).
        var names = match.Requires.ToList();
        foreach (var extra in new[] { match.Extension?.Field, match.Extension?.OrPeriod })
        {
            if (extra is not null && !names.Contains(extra))
            {
                names.Add(extra);
            }
        }

        Fields = names.Select(r => ActionFields.For(r, match.FieldTitles.GetValueOrDefault(r))).ToList();
        return null;
    }

    private void AddErrors(DomainValidationException e)
    {
        foreach (var error in e.Errors)
        {
            var key = error.Field.StartsWith("data.", StringComparison.Ordinal) ? error.Field["data.".Length..] : error.Field;
            ModelState.AddModelError(Fields.Any(f => f.Name == key) || key == ActionFields.Attachment.Name ? key : "", Text.T(error.MessageZh, error.MessageEn));
        }
    }
}
