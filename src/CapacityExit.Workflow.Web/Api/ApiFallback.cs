using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>
/// What an /api request that no operation took is told, as a problem: the address is an operation's but the method is
/// not (405, with Allow), the body is not JSON where an operation takes JSON (415: routing passes such a request by,
/// so the operation's own check never sees it), or there is no such operation (404).
/// </summary>
public static class ApiFallback
{
    /// <summary>The problem, and whether the address is that of operations that need no token (then no token is asked for first).</summary>
    public static (ApiProblem Problem, bool AnonymousOperation) Explain(HttpContext http)
    {
        var request = http.Request;
        var operations = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.Contains("{**", StringComparison.Ordinal))
            .Where(e => new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!), new RouteValueDictionary()).TryMatch(request.Path, new RouteValueDictionary()))
            .ToList();
        var anonymous = operations.Count > 0 && operations.All(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null);
        var methods = operations.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Distinct().ToList();
        if (operations.Count > 0 && !methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            http.Response.Headers.Allow = string.Join(", ", methods);
            return (ApiProblems.One(ApiProblems.MethodNotAllowed, null, $"此地址只接受 {string.Join("、", methods)} 请求", $"this address takes {string.Join(", ", methods)} only"), anonymous);
        }

        if (operations.Any(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 }) && !request.HasJsonContentType())
        {
            return (ApiProblems.One(ApiProblems.UnsupportedMediaType, "body", "请求体应为 JSON，请设置 Content-Type: application/json",
                "the body must be JSON, with Content-Type: application/json"), anonymous);
        }

        return (ApiProblems.One(ApiProblems.NotFound, null, "没有这个接口（地址不对，或编号不是数字）", "no such API operation (the address, or an id that is not a number)"), anonymous);
    }
}
