using CapacityExit.Workflow.Core.Accounts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// Tokens that die and a client address one can believe: the trusted proxies (<see cref="TrustedProxies"/>) and the
/// bearer scheme checking, on every API request, that the token's security stamp is still the account's and the account
/// is not locked. Locking an account, resetting its password and signing out renew the stamp
/// (<see cref="TokenRevocation"/>), so every token issued before ends at once, not at its expiry.
/// </summary>
public static class AccountHardening
{
    public static void AddCapacityExitAccountHardening(this WebApplicationBuilder builder)
    {
        builder.AddCapacityExitTrustedProxies();
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

        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<Account>>();
        var account = await signIn.ValidateSecurityStampAsync(ticket.Principal);
        if (account is null || await signIn.UserManager.IsLockedOutAsync(account))
        {
            context.Fail("the token was revoked: the account was locked, its password reset, or it signed out");
        }
    }
}
