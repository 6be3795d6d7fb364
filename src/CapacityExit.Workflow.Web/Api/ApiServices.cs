using System.Text.Json.Serialization;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>
/// The JSON API at /api beside the pages: the same Core services, bearer tokens from Identity for programs (the
/// pages keep their cookie), problem details for every refusal, and the OpenAPI document with its reader.
/// </summary>
public static class ApiServices
{
    /// <summary>Signed in with a bearer token. The API does not take the pages' cookie (no cross-site request can act through it).</summary>
    public const string BearerPolicy = "api-bearer";

    /// <summary>The OpenAPI document: any signed-in person, with the pages' cookie (the reader page fetches it) or a token.</summary>
    public const string DocumentPolicy = "api-document";

    public const string DocumentName = "v1";

    public static void AddCapacityExitApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme, o =>
        {
            o.BearerTokenExpiration = TimeSpan.FromHours(1);
            o.RefreshTokenExpiration = TimeSpan.FromDays(1);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(BearerPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
            .AddPolicy(DocumentPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireAuthenticatedUser());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddScoped<CaseViews>();
        services.AddScoped<CaseActions>();
        services.AddOpenApi(DocumentName, ApiDocument.Configure);
    }

    public static void MapCapacityExitApi(this WebApplication app)
    {
        // Every operation takes a small JSON body unless it says otherwise (the commands with files: RequestLimits.ApiCommandBody).
        var api = app.MapGroup("/api").AddEndpointFilter<ApiErrorFilter>()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RequestLimits.ApiJsonBody));
        api.MapTokenEndpoints();
        api.MapCaseEndpoints();
        api.MapTaskEndpoints();
        api.MapReportEndpoints();
        api.MapTargetEndpoints();
        api.MapNoticeEndpoints();
        api.MapPublicListEndpoints();
        // Any other address under /api: a problem, not the sign-in page.
        // Any other address under /api: a problem, not the sign-in page. Anonymous itself, so that a request to an operation
        // that needs no token (POST /api/token with a body that is not JSON) hears 415 as documented; anything else still
        // needs a valid token first (401), so the API's shape is not told to strangers.
        api.MapFallback("{**path}", async (HttpContext http) =>
        {
            var (problem, anonymousOperation) = ApiFallback.Explain(http);
            if (!anonymousOperation && !(await http.AuthenticateAsync(IdentityConstants.BearerScheme)).Succeeded)
            {
                http.Response.Headers.Remove("Allow");
                http.Response.Headers.WWWAuthenticate = "Bearer";
                problem = ApiAuthorizationResultHandler.Unauthenticated;
            }

            return (problem with { Instance = http.Request.Path.Value }).ToResult();
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(DocumentPolicy);
        app.MapScalarApiReference("/api-reference", o => o.WithTitle("CapacityExit.Workflow API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
                // Its own fonts only: the reader fetches nothing from outside the host (the page's policy allows none).
                .DisableDefaultFonts())
            .RequireAuthorization(WebServices.AdminPolicy);
    }
}
