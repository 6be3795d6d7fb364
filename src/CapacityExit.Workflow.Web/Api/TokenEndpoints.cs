using System.Security.Claims;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>An account's login and password, as on the sign-in form.</summary>
public sealed record TokenRequest(string? Login, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// Tokens for programs: ASP.NET Core Identity's bearer scheme (<see cref="IdentityConstants.BearerScheme"/>) issues
/// them for an existing account, with the same password check, pause and audit as the sign-in form
/// (<see cref="SignInGuard"/>); the answer is Identity's <see cref="AccessTokenResponse"/> (<c>tokenType</c>,
/// <c>accessToken</c>, <c>expiresIn</c>, <c>refreshToken</c>). A token carries the person's login, role and the
/// account's security stamp; every request checks the stamp (<see cref="AccountHardening"/>), so locking the account,
/// resetting its password or signing out ends every token at once. A refresh token works once.
/// </summary>
public static class TokenEndpoints
{
    public const int MaxLoginLength = 60;
    public const int MaxPasswordLength = 200;

    public static void MapTokenEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/token", IssueAsync).InArea("Tokens", false).WithName("IssueToken").WithSummary("获取令牌 · A bearer token for an existing account")
            .Accepts<TokenRequest>("application/json").Produces<AccessTokenResponse>(200).WithProblems(400, 401, 415);
        api.MapPost("/token/refresh", RefreshAsync).InArea("Tokens", false).WithName("RefreshToken").WithSummary("续期令牌 · A new token for a refresh token")
            .Accepts<RefreshRequest>("application/json").Produces<AccessTokenResponse>(200).WithProblems(400, 401, 415);
    }

    private static async Task<SignInHttpResult> IssueAsync(HttpRequest request, SignInGuard guard, SignInManager<Account> signIn, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync<TokenRequest>(request, cancellationToken);
        var login = (body.Login ?? "").Trim();
        var errors = new List<ApiError>();
        if (login.Length is 0 or > MaxLoginLength || Domain.Registry.InputText.HasControlCharacters(login))
        {
            errors.Add(new ApiError("login", null, $"请填写登录名（不超过{MaxLoginLength}个字符）", $"give the login (at most {MaxLoginLength} characters)"));
        }

        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > MaxPasswordLength)
        {
            errors.Add(new ApiError("password", null, "请填写密码", "give the password"));
        }

        if (errors.Count > 0)
        {
            throw new ApiRefusal(ApiProblems.Of(ApiProblems.Validation, errors));
        }

        // The same check, pause and audit as the sign-in form; the same words for an unknown login and a wrong password.
        var attempt = await guard.CheckAsync(login, body.Password!, AccountHardening.ClientAddress(request.HttpContext), "bearer token", cancellationToken);
        return attempt.Verdict switch
        {
            SignInVerdict.Succeeded => TypedResults.SignIn(await TokenPrincipalAsync(signIn, attempt.Account!), authenticationScheme: IdentityConstants.BearerScheme),
            SignInVerdict.Paused => throw new ApiRefusal(ApiProblems.One(ApiProblems.SignInRefused, null,
                SignInWords.PausedZh(attempt.MinutesLeft(time.GetUtcNow())), SignInWords.PausedEn(attempt.MinutesLeft(time.GetUtcNow())), "sign-in-paused")),
            SignInVerdict.LockedByAdministrator => throw new ApiRefusal(ApiProblems.One(ApiProblems.SignInRefused, null,
                SignInWords.LockedZh, SignInWords.LockedEn, "locked-out")),
            _ => throw new ApiRefusal(ApiProblems.One(ApiProblems.SignInRefused, null, SignInWords.WrongZh, SignInWords.WrongEn, "wrong-login-or-password")),
        };
    }

    /// <summary>
    /// A refresh token works once: it is recorded when exchanged, and a second exchange of it (someone else holds a copy)
    /// ends every token of the account and is audited. A token of a locked, reset or signed-out account is refused.
    /// </summary>
    private static async Task<SignInHttpResult> RefreshAsync(HttpRequest request, SignInManager<Account> signIn, TokenRevocation revocation,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync<RefreshRequest>(request, cancellationToken);
        var refused = new ApiRefusal(ApiProblems.One(ApiProblems.SignInRefused, "refreshToken", "续期令牌无效、已使用或已过期，请重新获取令牌",
            "the refresh token is not valid, was used already or has expired; get a new token", "refresh-refused"));
        if (string.IsNullOrEmpty(body.RefreshToken) || body.RefreshToken.Length > 8192)
        {
            throw refused;
        }

        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || !Guid.TryParse(ticket.Principal.FindFirstValue(TokenRevocation.TokenIdClaim), out var tokenId)
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } account)
        {
            throw refused;
        }

        if (!await revocation.SpendAsync(tokenId, account.Id, expires, cancellationToken))
        {
            await revocation.RevokeAllAsync(account, AuditKind.RefreshTokenReused, account.UserName ?? "", AccountHardening.ClientAddress(request.HttpContext),
                AccountService.RevokedBecause("同一续期令牌被第二次使用（可能已被他人取得）", "a refresh token was used a second time (someone else may hold a copy)"),
                cancellationToken);
            throw refused;
        }

        if (await signIn.UserManager.IsLockedOutAsync(account))
        {
            throw refused;
        }

        return TypedResults.SignIn(await TokenPrincipalAsync(signIn, account), authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>The person's claims (with the security stamp every request checks) and the id of this issue of tokens.</summary>
    private static async Task<ClaimsPrincipal> TokenPrincipalAsync(SignInManager<Account> signIn, Account account)
    {
        var principal = await signIn.CreateUserPrincipalAsync(account);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(TokenRevocation.TokenIdClaim, Guid.NewGuid().ToString("N")));
        return principal;
    }
}
