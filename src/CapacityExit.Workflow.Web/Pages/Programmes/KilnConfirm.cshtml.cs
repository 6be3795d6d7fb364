using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Programmes;

/// <summary>
/// 确认断电停产 (000 §二 水泥): the city's office, the programme's bureau or the line's county officer records, on the
/// enterprise's or the power supplier's behalf, that a clinker line stopped on its shutdown day — meter readings or a
/// site photo (checked as every upload is). The rules are ProgrammeService's, as for `programme kiln-confirm`.
/// </summary>
[RequestSizeLimit(2 * UploadedFile.MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * UploadedFile.MaxBytes)]
public sealed class KilnConfirmModel(ProgrammeService programmes, TimeProvider time) : PageModel
{
    public static readonly IReadOnlyList<string> FieldNames = ["line", "day", "party", "readings", "photo"];

    public IReadOnlyList<KilnLine> Lines { get; private set; } = [];

    /// <summary>The shutdown days of the last three months up to today, newest first, with their confirmation.</summary>
    public IReadOnlyList<KilnDayState> Days { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [BindProperty(SupportsGet = true)] public int? Line { get; set; }
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    [BindProperty] public string? Party { get; set; }
    [BindProperty] public string? Readings { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // Offered first: the newest shutdown day still waiting for its confirmation.
        if (Line is null && Day is null && Days.FirstOrDefault(d => d.Record?.Status != Core.Data.Model.KilnShutdownStatus.Confirmed) is { } open)
        {
            (Line, Day) = (open.Shutdown.Line.CapacityItemId, open.Shutdown.Day.Day.ToString("yyyy-MM-dd"));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Line is null || Lines.All(l => l.CapacityItemId != Line))
        {
            ModelState.AddModelError("line", Text.T("请选择生产线", "choose the line"));
        }

        DateOnly day = default;
        if (!DateOnly.TryParseExact(Day?.Trim(), "yyyy-MM-dd", out day))
        {
            ModelState.AddModelError("day", Text.T("请填写停产日（年-月-日）", "give the shutdown day (YYYY-MM-DD)"));
        }

        UploadedFile? photo = null;
        if (Request.Form.Files.GetFile("photo") is { } file && (file.Length > 0 || file.FileName.Length > 0))
        {
            try
            {
                await using var stream = file.OpenReadStream();
                photo = await UploadedFile.ReadAsync("photo", file.FileName, stream, UploadedFile.Photos, cancellationToken);
            }
            catch (DomainValidationException e)
            {
                ProgrammeForm.AddErrors(ModelState, e, FieldNames);
            }
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = 400;
            return Page();
        }

        try
        {
            var record = await programmes.ConfirmKilnStopAsync(User.Identity!.Name!, new KilnConfirmation(Line!.Value, day, Party, Readings, photo), cancellationToken);
            var label = Lines.Single(l => l.CapacityItemId == record.CapacityItemId).Label;
            return Redirect("/programmes?done=" + Uri.EscapeDataString(Text.T($"已确认{label} {record.Day:yyyy-MM-dd}停产", $"Stop of {record.Day:yyyy-MM-dd} confirmed: {label}")));
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
            ModelState.AddModelError("day", Text.T(e.MessageZh, e.Message));
        }

        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>The lines the person may confirm for; none (an auditor, a supervisor, another bureau) is a 403.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Lines = await programmes.KilnLinesToConfirmAsync(User.Identity!.Name!, cancellationToken);
        if (Lines.Count == 0)
        {
            return Forbid();
        }

        var today = Today = ChinaTime.Today(time);
        Days = (await programmes.KilnDaysAsync(Lines, today.AddMonths(-3), today, cancellationToken)).Where(d => d.Shutdown.Day.Day <= today).ToList();
        return null;
    }
}
