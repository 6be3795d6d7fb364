using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: the /api operations only, the bearer scheme on every operation that
/// needs a token, and each error response described by the problem kinds it can carry.
/// </summary>
public static class ApiDocument
{
    public const string SchemeName = "Bearer";

    public static void Configure(OpenApiOptions o)
    {
        o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "CapacityExit.Workflow API",
                Version = "v1",
                Description = "落后产能退出工作流的 JSON 接口，与网页和命令行调用同一组服务。令牌：POST /api/token。"
                    + " The JSON API of the backward-capacity exit workflow; the same services as the pages and the command line."
                    + " Errors are RFC 9457 problem details; their types:\n\n"
                    + string.Join("\n", ApiProblems.All.Select(k => $"- `{k.Type}` ({k.Status}): {k.TitleZh} · {k.TitleEn}")),
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "POST /api/token {\"login\", \"password\"} → accessToken (ASP.NET Core Identity bearer token, one hour; refresh with POST /api/token/refresh)",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var needsToken = metadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiServices.BearerPolicy) && !metadata.OfType<IAllowAnonymous>().Any();
            if (needsToken)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            }

            foreach (var (status, response) in operation.Responses ?? [])
            {
                var kinds = ApiProblems.All.Where(k => k.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) == status).ToList();
                if (kinds.Count > 0 && response is OpenApiResponse r)
                {
                    r.Description = string.Join("; ", kinds.Select(k => $"{k.TitleZh} · {k.TitleEn} ({k.Type})"));
                }
            }

            return Task.CompletedTask;
        });
    }
}

public static class ApiEndpointConventions
{
    /// <summary>The operation's area in the document and whether it needs a bearer token (the public lists and the token endpoints do not).</summary>
    public static RouteHandlerBuilder InArea(this RouteHandlerBuilder builder, string tag, bool needsToken) =>
        needsToken ? builder.WithTags(tag).RequireAuthorization(ApiServices.BearerPolicy) : builder.WithTags(tag).AllowAnonymous();

    /// <summary>The error statuses an operation can answer, each as a problem (<see cref="ApiProblem"/>, application/problem+json).</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ApiProblem>(status, ApiProblem.ContentType);
        }

        return builder;
    }
}
