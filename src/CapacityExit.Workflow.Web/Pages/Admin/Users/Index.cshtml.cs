using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Admin.Users;

/// <summary>Administrators: everyone with a sign-in, and locking or unlocking an account (AccountService decides and logs).</summary>
public sealed class IndexModel(AccountService accounts) : PageModel
{
    public IReadOnlyList<AccountRow> Rows { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Rows = await accounts.ListAsync(User.Identity?.Name, cancellationToken);
            return Page();
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
    }

    public async Task<IActionResult> OnPostLockAsync(string? login, bool locked, CancellationToken cancellationToken)
    {
        try
        {
            Rows = await accounts.ListAsync(User.Identity?.Name, cancellationToken);
            if (!Rows.Any(r => r.Login == login))
            {
                return NotFound();
            }

            await accounts.SetLockedAsync(User.Identity?.Name, login, locked, cancellationToken);
            Done = locked
                ? Text.T($"已锁定 {login}：该账户不能再登录，已登录的会话和API令牌立即失效。", $"{login} is locked: it cannot sign in, and its open sessions and API tokens end at once.")
                : Text.T($"已解锁 {login}：该账户可以重新登录。", $"{login} is unlocked and may sign in again.");
            return RedirectToPage();
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
