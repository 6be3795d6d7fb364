using System.ComponentModel.DataAnnotations;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CapacityExit.Workflow.Web.Pages;

/// <summary>The anonymous home: the product, the sign-in form, the public lists; signed in, the dashboard.</summary>
public sealed class IndexModel(SignInManager<Account> signIn, SignInGuard guard, TimeProvider time, HealthCheckService health, CapacityExitDbContext db) : PageModel
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
        if (!ModelState.IsValid)
        {
            await LoadStatusAsync(cancellationToken);
            return Page();
        }

        var attempt = await guard.CheckAsync(login, Input.Password ?? "", AccountHardening.ClientAddress(HttpContext), null, cancellationToken);
        if (attempt.Verdict == SignInVerdict.Succeeded)
        {
            await signIn.SignInAsync(attempt.Account!, isPersistent: false);
            return LocalRedirect(SafeReturn());
        }

        // The same words for an unknown login and a wrong password, and the same pause: the page must not tell which logins exist.
        var minutes = attempt.MinutesLeft(time.GetUtcNow());
        ModelState.AddModelError(attempt.Verdict == SignInVerdict.WrongLoginOrPassword ? "Input.Password" : "", attempt.Verdict switch
        {
            SignInVerdict.Paused => Text.T(SignInWords.PausedZh(minutes), SignInWords.PausedEn(minutes)),
            SignInVerdict.LockedByAdministrator => Text.T(SignInWords.LockedZh, SignInWords.LockedEn),
            _ => Text.T(SignInWords.WrongZh, SignInWords.WrongEn),
        });
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
