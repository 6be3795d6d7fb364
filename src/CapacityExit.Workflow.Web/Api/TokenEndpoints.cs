using CapacityExit.Workflow.Core.Accounts;
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
/// them for an existing account, with the same password check, lockout and audit as the sign-in form; the answer is
/// Identity's <see cref="AccessTokenResponse"/> (<c>tokenType</c>, <c>accessToken</c>, <c>expiresIn</c>,
/// <c>refreshToken</c>). A token carries the person's login and role; every service checks the person again in the
/// database, so a locked or changed account is refused at its next refresh.
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

    private static async Task<EmptyHttpResult> IssueAsync(HttpRequest request, SignInManager<Account> signIn, AuditLog audit, CancellationToken cancellationToken)
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

        var address = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme; // the handler writes the token response
        var result = await signIn.PasswordSignInAsync(login, body.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditKind.SignedIn, login, null, address, "bearer token", save: true, cancellationToken);
            return TypedResults.Empty;
        }

        // The same words for an unknown login and a wrong password, as on the form.
        await audit.RecordAsync(result.IsLockedOut ? AuditKind.LockedOut : AuditKind.SignInFailed, login, null, address,
            result.IsLockedOut ? "locked out (token)" : "wrong login or password (token)", save: true, cancellationToken);
        throw new ApiRefusal(result.IsLockedOut
            ? ApiProblems.One(ApiProblems.SignInRefused, null, "该账户因多次登录失败或被管理员锁定，暂不能登录；请稍后再试或联系系统管理员。",
                "This account is locked after repeated failures or by an administrator; try later or ask an administrator.", "locked-out")
            : ApiProblems.One(ApiProblems.SignInRefused, null, "登录名或密码不正确。", "The login or password is not right.", "wrong-login-or-password"));
    }

    private static async Task<Results<SignInHttpResult, EmptyHttpResult>> RefreshAsync(HttpRequest request, SignInManager<Account> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync<RefreshRequest>(request, cancellationToken);
        var refused = new ApiRefusal(ApiProblems.One(ApiProblems.SignInRefused, "refreshToken", "续期令牌无效或已过期，请重新获取令牌",
            "the refresh token is not valid or has expired; get a new token", "refresh-refused"));
        if (string.IsNullOrEmpty(body.RefreshToken) || body.RefreshToken.Length > 8192)
        {
            throw refused;
        }

        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } account)
        {
            throw refused;
        }

        var principal = await signIn.CreateUserPrincipalAsync(account);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
