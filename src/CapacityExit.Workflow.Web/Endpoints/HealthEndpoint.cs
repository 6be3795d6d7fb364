using System.Text.Json;
using CapacityExit.Workflow.Core.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CapacityExit.Workflow.Web.Endpoints;

public static class HealthEndpoint
{
    /// <summary>
    /// <c>/health</c> for monitoring: 200 when every check is healthy, 503 otherwise, with a JSON body. Beside it, as
    /// eShop's service defaults split them: <c>/health/live</c> (the process answers; no check, so a database outage
    /// never gets a host restarted) and <c>/health/ready</c> (the database, the timer dispatcher and the mail outbox: a
    /// proxy or orchestrator sends people only to a ready host). All open without sign-in (a monitor has no account;
    /// the sign-in fallback policy would send it to the form).
    /// </summary>
    public static void MapHealthEndpoint(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { ResponseWriter = WriteJson, Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = WriteJson, Predicate = check => check.Tags.Contains(HealthTags.Ready),
        }).AllowAnonymous();
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
