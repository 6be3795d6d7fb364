using CapacityExit.Workflow.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages;

/// <summary>Sign-out is a POST with the antiforgery token, so no link on another site can sign a person out.</summary>
public sealed class SignOutModel(SignInManager<Core.Accounts.Account> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var login = User.Identity?.Name ?? "";
        await signIn.SignOutAsync();
        await audit.RecordAsync(AuditKind.SignedOut, login, null, HttpContext.Connection.RemoteIpAddress?.ToString(), null, save: true, cancellationToken);
        return Redirect("/");
    }
}
