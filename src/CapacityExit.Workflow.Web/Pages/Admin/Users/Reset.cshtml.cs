using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Admin.Users;

/// <summary>Administrators set a new password for a person who forgot theirs; the failed-attempt count starts again.</summary>
public sealed class ResetModel(AccountService accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Login { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public AccountRow? Account { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        try
        {
            await accounts.ResetPasswordAsync(User.Identity?.Name, Login, Password, cancellationToken);
            Done = Text.T($"已重设 {Login} 的密码：请把新密码当面或电话告知本人。", $"The password of {Login} is reset: tell the person in person or by phone.");
            return RedirectToPage("Index");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("password", nameof(Password)));
            return Page();
        }
    }

    /// <summary>The account named in the address, or 404 for one that does not exist, 403 for a non-administrator.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Account = (await accounts.ListAsync(User.Identity?.Name, cancellationToken)).FirstOrDefault(a => a.Login == Login);
            return Account is null ? NotFound() : null;
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
    }
}
