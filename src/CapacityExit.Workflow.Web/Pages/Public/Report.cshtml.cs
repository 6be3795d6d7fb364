using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Public;

/// <summary>
/// 举报: anyone reports backward capacity (001 §五.(三)); the report goes to the bureau of its standard for verification and
/// the person gets a receipt to follow the result. A hidden field a person never sees refuses robots (kept for the audit);
/// the rate limit per address is the host's (PublicWeb).
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimits.PublicReportBody)]
[RequestSizeLimit(RequestLimits.PublicReportBody)]
public sealed class ReportModel(PublicReportService reports) : PageModel
{
    /// <summary>The hidden field: empty from a person, filled by a robot that fills every field.</summary>
    public const string Honeypot = "website";

    [BindProperty] public ReportInput Input { get; set; } = new();

    [BindProperty(Name = Honeypot)] public string? Trap { get; set; }

    [BindProperty] public IFormFile? Photo { get; set; }

    public IReadOnlyList<(int Id, string Name)> Counties { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Counties = await reports.CountiesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var address = PublicWeb.AddressOf(HttpContext);
        if (!string.IsNullOrEmpty(Trap))
        {
            await reports.KeepRefusedAsync(PublicReportService.Robot, address, Input.Enterprise, Input.CountyId, Input.Place, Input.Standard, Input.WhatWasSeen,
                Input.Contact, cancellationToken);
            return StatusCode(StatusCodes.Status400BadRequest, Text.T("本次提交未被受理。", "This submission was not accepted."));
        }

        Counties = await reports.CountiesAsync(cancellationToken);
        ModelState.Clear(); // the service checks every field, in the reader's language
        try
        {
            UploadedFile? photo = null;
            if (Photo is { Length: > 0 })
            {
                try
                {
                    await using var stream = Photo.OpenReadStream();
                    photo = await UploadedFile.ReadAsync("photo", Photo.FileName, stream, UploadedFile.Photos, cancellationToken);
                }
                catch (DomainValidationException e)
                {
                    // Too large or not a photo: said beside the field (the limit named), the typed fields kept, the file not.
                    await RequestLimits.AuditAsync(HttpContext, "public report photo: " + string.Join("; ", e.Errors.Select(x => x.MessageEn)));
                    throw;
                }
            }

            var report = await reports.SubmitAsync(new PublicReportInput(Input.Enterprise, Input.CountyId, Input.Place, Input.Standard, Input.WhatWasSeen,
                Input.Contact, photo), address, cancellationToken);
            return Redirect($"/public/reports/{report.ReceiptNumber}?new=true");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("enterprise", "Input.Enterprise"), ("countyId", "Input.CountyId"), ("place", "Input.Place"), ("standard", "Input.Standard"),
                ("whatWasSeen", "Input.WhatWasSeen"), ("contact", "Input.Contact"), ("photo", "Photo"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    public sealed class ReportInput
    {
        public string? Enterprise { get; set; }
        public string? CountyId { get; set; }
        public string? Place { get; set; }
        public string? Standard { get; set; }
        public string? WhatWasSeen { get; set; }
        public string? Contact { get; set; }
    }
}
