using System.Security.Claims;
using CapacityExit.Workflow.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// Tokens that die and a client address one can believe: the trusted proxies (<see cref="TrustedProxies"/>), and the
/// bearer scheme and the pages' cookie checking, on every request, that the token's security stamp is still the
/// account's and the account is not locked. Locking an account, resetting its password and signing out renew the stamp
/// (<see cref="Core.Accounts.TokenRevocation"/>), so every token and session issued before ends at once, not at its expiry.
/// </summary>
public static class AccountHardening
{
    public static void AddCapacityExitAccountHardening(this WebApplicationBuilder builder)
    {
        builder.AddCapacityExitTrustedProxies();
        builder.Services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var before = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                if (!await StillValidAsync(context.HttpContext, context.Principal))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await before(context);
            };
        });
        builder.Services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            var before = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async context =>
            {
                await before(context);
                if (context.Result is null)
                {
                    await RefuseRevokedAsync(context);
                }
            };
        });
    }

    /// <summary>
    /// Whether a signed-in principal (the pages' cookie) still holds the account's security stamp and the account is not
    /// locked: one small read by key on every request, so a lock, a reset or a sign-out ends every session at once.
    /// Identity's own validator still renews the cookie's claims every minute.
    /// </summary>
    private static async Task<bool> StillValidAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (!int.TryParse(principal?.FindFirstValue(options.UserIdClaimType), out var id))
        {
            return false;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var account = await http.RequestServices.GetRequiredService<CapacityExitDbContext>().Users.AsNoTracking()
            .Where(a => a.Id == id).Select(a => new { a.SecurityStamp, a.LockoutEnd }).SingleOrDefaultAsync(http.RequestAborted);
        return account is not null && account.SecurityStamp == principal!.FindFirstValue(options.SecurityStampClaimType)
            && !(account.LockoutEnd is { } end && end > now);
    }

    /// <summary>The client's address as the trusted proxies say (the connection's when none is configured).</summary>
    public static string? ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    /// <summary>A token whose stamp is not the account's any more (locked, reset, signed out, reused refresh token), or of a locked account: 401.</summary>
    private static async Task RefuseRevokedAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var ticket = context.Options.BearerTokenProtector.Unprotect(header[prefix.Length..].Trim());
        if (ticket is null)
        {
            return; // the handler refuses a token it cannot read
        }

        if (!await StillValidAsync(context.HttpContext, ticket.Principal))
        {
            context.Fail("the token was revoked: the account was locked, its password reset, or it signed out");
        }
    }
}
