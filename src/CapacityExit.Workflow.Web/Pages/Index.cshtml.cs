using System.ComponentModel.DataAnnotations;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CapacityExit.Workflow.Web.Pages;

/// <summary>The anonymous home: the product, the sign-in form, the public lists; signed in, the dashboard.</summary>
public sealed class IndexModel(SignInManager<Account> signIn, AuditLog audit, HealthCheckService health, CapacityExitDbContext db) : PageModel
{
    public const int MaxLoginLength = 60;

    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool DatabaseHealthy { get; private set; }

    public string HealthDetail { get; private set; } = "";

    public (int Jurisdictions, int Enterprises, int OpenCases)? Counts { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturn());
        }

        await LoadStatusAsync(cancellationToken);
        if (!DatabaseHealthy)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // monitors and people both see it is down
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var login = (Input.Login ?? "").Trim();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (!ModelState.IsValid)
        {
            await LoadStatusAsync(cancellationToken);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(login, Input.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditKind.SignedIn, login, null, address, null, save: true, cancellationToken);
            return LocalRedirect(SafeReturn());
        }

        // The same words for an unknown login and a wrong password: the page must not tell which logins exist.
        var kind = result.IsLockedOut ? AuditKind.LockedOut : AuditKind.SignInFailed;
        await audit.RecordAsync(kind, login, null, address, result.IsLockedOut ? "locked out" : "wrong login or password", save: true, cancellationToken);
        ModelState.AddModelError(result.IsLockedOut ? "" : "Input.Password", result.IsLockedOut
            ? Text.T("该账户因多次登录失败或被管理员锁定，暂不能登录；请稍后再试或联系系统管理员。", "This account is locked after repeated failures or by an administrator; try later or ask an administrator.")
            : Text.T("登录名或密码不正确。", "The login or password is not right."));
        await LoadStatusAsync(cancellationToken);
        return Page();
    }

    private string SafeReturn() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl : "/dashboard";

    private async Task LoadStatusAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => r.Name == "postgresql", cancellationToken);
        DatabaseHealthy = report.Status == HealthStatus.Healthy;
        HealthDetail = string.Join("；", report.Entries.Select(e => e.Value.Description));
        if (DatabaseHealthy)
        {
            Counts = (await db.Jurisdictions.CountAsync(cancellationToken), await db.Enterprises.CountAsync(cancellationToken),
                await db.Cases.CountAsync(c => c.Status == CaseStatus.Open, cancellationToken));
        }
    }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "请填写登录名（Enter your login）")]
        [StringLength(MaxLoginLength, ErrorMessage = "登录名最多60个字符（a login has at most 60 characters）")]
        public string? Login { get; set; }

        [Required(ErrorMessage = "请填写密码（Enter your password）")]
        [StringLength(200, ErrorMessage = "密码最多200个字符（at most 200 characters）")]
        public string? Password { get; set; }
    }
}
