using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;

namespace CapacityExit.Workflow.Web.Endpoints;

/// <summary>
/// For the authorisation matrix test (tests/CapacityExit.Workflow.Web.Tests): with the setting
/// <c>CapacityExit:Web:RouteListFile</c>, the started host writes the pattern of every endpoint it maps to that file,
/// one a line, so that a route without an entry in the test's table fails the test; and beside it
/// (<see cref="RequestsFile"/>) every request the routes accept, one a line as <c>METHOD TAB route TAB handler</c>: a
/// page's handlers (<c>OnPostRetryAsync</c> → <c>POST /outbox retry</c>, the unnamed one with an empty handler), an
/// endpoint's methods (<c>*</c> when it takes any). Nothing is served; without the setting nothing happens.
/// </summary>
public static class RouteList
{
    public const string Setting = "CapacityExit:Web:RouteListFile";

    /// <summary>Where the requests the routes accept are written, beside the route list.</summary>
    public static string RequestsFile(string routeListFile) => routeListFile + ".requests";

    public static void WriteRouteListWhenAsked(this WebApplication app)
    {
        if (app.Configuration[Setting] is not { Length: > 0 } path)
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().ToList();
            var requests = endpoints.SelectMany(e => Requests(app.Services, e)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            Write(RequestsFile(path), requests);
            var routes = endpoints
                .Select(Route)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            Write(path, routes); // written last: a reader that sees the route list sees the requests too
        });
    }

    private static string Route(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    private static IEnumerable<string> Requests(IServiceProvider services, RouteEndpoint endpoint)
    {
        var route = Route(endpoint);
        if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
        {
            // A page's handlers are known once it is loaded (compiled pages load at once, without a request).
            var loaded = services.GetRequiredService<PageLoader>().LoadAsync(page, endpoint.Metadata).GetAwaiter().GetResult();
            return loaded.HandlerMethods.Count == 0
                ? [$"*\t{route}\t"] // a page without handlers renders for any method
                : loaded.HandlerMethods.Select(h => $"{h.HttpMethod.ToUpperInvariant()}\t{route}\t{(h.Name ?? "").ToLowerInvariant()}");
        }

        return endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 } methods
            ? methods.HttpMethods.Select(m => $"{m.ToUpperInvariant()}\t{route}\t")
            : [$"*\t{route}\t"];
    }

    private static void Write(string path, IEnumerable<string> lines)
    {
        var written = path + ".tmp";
        File.WriteAllLines(written, lines);
        File.Move(written, path, overwrite: true); // the reader sees the whole list or none
    }
}
