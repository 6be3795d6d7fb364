namespace CapacityExit.Workflow.Web.Endpoints;

/// <summary>
/// For the authorisation matrix test (tests/CapacityExit.Workflow.Web.Tests): with the setting
/// <c>CapacityExit:Web:RouteListFile</c>, the started host writes the pattern of every endpoint it maps to that file,
/// one a line, so that a route without an entry in the test's table fails the test. Nothing is served; without the
/// setting nothing happens.
/// </summary>
public static class RouteList
{
    public const string Setting = "CapacityExit:Web:RouteListFile";

    public static void WriteRouteListWhenAsked(this WebApplication app)
    {
        if (app.Configuration[Setting] is not { Length: > 0 } path)
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var routes = ((IEndpointRouteBuilder)app).DataSources
                .SelectMany(source => source.Endpoints)
                .OfType<RouteEndpoint>()
                .Select(endpoint => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            var written = path + ".tmp";
            File.WriteAllLines(written, routes);
            File.Move(written, path, overwrite: true); // the reader sees the whole list or none
        });
    }
}
