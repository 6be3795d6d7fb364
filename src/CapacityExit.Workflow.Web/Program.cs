using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Web.Endpoints;

try
{
    var root = ProjectPaths.FindRoot();
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
    var settings = builder.AddCapacityExitCore();
    builder.AddCapacityExitScheduling(settings, root);

    var app = builder.Build();
    await app.Services.PrepareDatabaseAsync();
    app.Services.RegisterCalendarJobs();

    app.MapHealthEndpoint();
    app.MapHomePage();
    app.MapOperatorsDashboard();

    await app.RunAsync();
    return 0;
}
catch (ConfigurationValueException e)
{
    // A bad setting is the operator's to fix: say which and why, without a stack trace.
    await Console.Error.WriteLineAsync($"CapacityExit.Workflow cannot start: {e.Message}");
    return 2;
}
