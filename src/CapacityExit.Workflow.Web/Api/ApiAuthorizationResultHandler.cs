using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>
/// Under /api and /openapi a refusal is an answer for a program: 401 with <c>WWW-Authenticate: Bearer</c> and a
/// problem, or 403 and a problem, never the sign-in page. Everywhere else the pages' behaviour is unchanged.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _pages = new();

    /// <summary>The 401 answer: no valid bearer token.</summary>
    public static ApiProblem Unauthenticated => ApiProblems.One(ApiProblems.Unauthenticated, "Authorization",
        "请在 Authorization 请求头中附上有效的访问令牌（Bearer），令牌由 POST /api/token 获取",
        "send a valid bearer token in the Authorization header; POST /api/token issues one");

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi");

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!IsApi(context.Request.Path) || !(authorizeResult.Challenged || authorizeResult.Forbidden))
        {
            await _pages.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var problem = authorizeResult.Challenged
            ? Unauthenticated
            : ApiProblems.One(ApiProblems.Forbidden, null, "您的角色不能进行此操作", "your role may not do this");
        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await (problem with { Instance = context.Request.Path.Value }).ToResult().ExecuteAsync(context);
    }
}
