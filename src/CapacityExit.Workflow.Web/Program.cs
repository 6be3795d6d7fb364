using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Web.Endpoints;

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ProjectPaths.FindRoot() });
    builder.AddCapacityExitCore();

    var app = builder.Build();
    await app.Services.PrepareDatabaseAsync();

    app.MapHealthEndpoint();
    app.MapHomePage();

    await app.RunAsync();
    return 0;
}
catch (ConfigurationValueException e)
{
    // A bad setting is the operator's to fix: say which and why, without a stack trace.
    await Console.Error.WriteLineAsync($"CapacityExit.Workflow cannot start: {e.Message}");
    return 2;
}
