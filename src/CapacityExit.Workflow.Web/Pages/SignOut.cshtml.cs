using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages;

/// <summary>
/// Sign-out is a POST with the antiforgery token, so no link on another site can sign a person out. It ends every
/// session and API token of the account, not only this browser's (a new security stamp).
/// </summary>
public sealed class SignOutModel(SignInManager<Account> signIn, TokenRevocation revocation, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var login = User.Identity?.Name ?? "";
        var account = await signIn.UserManager.GetUserAsync(User);
        var address = AccountHardening.ClientAddress(HttpContext);
        await signIn.SignOutAsync();
        await audit.RecordAsync(AuditKind.SignedOut, login, null, address, null, save: true, cancellationToken);
        if (account is not null)
        {
            await revocation.RevokeAllAsync(account, AuditKind.TokensRevoked, login, address, AccountService.RevokedBecause("退出登录", "signed out"), cancellationToken);
        }

        return Redirect("/");
    }
}
