using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Public;

/// <summary>Look a 举报's result up by its receipt number.</summary>
public sealed class LookupModel : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Receipt { get; set; }

    public IActionResult OnGet()
    {
        var key = Receipt?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(key))
        {
            return Page();
        }

        if (key.Length > 24 || !key.All(char.IsAsciiLetterOrDigit))
        {
            ModelState.AddModelError(nameof(Receipt), Text.T("回执号由字母和数字组成，如 JB7K3QX9M2PA4C", "a receipt number is letters and digits, e.g. JB7K3QX9M2PA4C"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect("/public/reports/" + key);
    }
}
