using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Census;

/// <summary>
/// 摸排导入: the census as an .xlsx from the template. Every row is checked by the case-opening service first; any wrong row
/// and nothing is written, the rows' problems shown here and offered as .xlsx; otherwise all cases open in one transaction.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimits.CensusBody)]
[RequestSizeLimit(RequestLimits.CensusBody)]
public sealed class IndexModel(CensusImport census, CaseOpeningService opening) : PageModel
{
    [BindProperty] public IFormFile? Sheet { get; set; }

    public CensusImportResult? Result { get; private set; }

    /// <summary>The problems as .xlsx, inline in the page (nothing of a refused import is kept on the server).</summary>
    public string? ProblemsDataUri { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await MayImportAsync(cancellationToken) ? Page() : Forbid();

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken cancellationToken) =>
        await MayImportAsync(cancellationToken) ? File(CensusImport.Template(), Xlsx.ContentType, "摸排导入模板.xlsx") : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await MayImportAsync(cancellationToken))
        {
            return Forbid();
        }

        if (Sheet is not { Length: > 0 })
        {
            ModelState.AddModelError(nameof(Sheet), Text.T("请选择要导入的 .xlsx 文件", "choose the .xlsx file to import"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        UploadedFile upload;
        try
        {
            await using var stream = Sheet.OpenReadStream();
            upload = await UploadedFile.ReadAsync("sheet", Sheet.FileName, stream, new HashSet<DocumentKind> { DocumentKind.Xlsx }, cancellationToken);
        }
        catch (DomainValidationException e)
        {
            await RequestLimits.AuditAsync(HttpContext, "census sheet: " + string.Join("; ", e.Errors.Select(x => x.MessageEn)));
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(nameof(Sheet), Text.T(error.MessageZh, error.MessageEn));
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = await census.ImportAsync(User.Identity!.Name, upload.Content, cancellationToken);
        if (Result.OverLimit)
        {
            await RequestLimits.AuditAsync(HttpContext, "census sheet: " + Result.Problems[0].ReasonEn);
        }

        if (!Result.Succeeded)
        {
            ProblemsDataUri = $"data:{Xlsx.ContentType};base64,{Convert.ToBase64String(CensusImport.ProblemsSheet(Result.Problems))}";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    private async Task<bool> MayImportAsync(CancellationToken cancellationToken) =>
        (await opening.BureausForAsync(User.Identity!.Name, cancellationToken)).Count > 0;
}
