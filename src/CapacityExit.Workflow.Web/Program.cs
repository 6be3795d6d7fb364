using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Demo;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Api;
using CapacityExit.Workflow.Web.Endpoints;
using CapacityExit.Workflow.Web.Hosting;

try
{
    var root = ProjectPaths.FindRoot();
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root, WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
    var settings = builder.AddCapacityExitCore();
    var runtime = builder.AddCapacityExitWorkflows(root);
    builder.AddCapacityExitNotices(root, runtime);
    builder.AddCapacityExitMail(root);
    builder.AddCapacityExitScheduling(settings, root);
    if (settings.LoadDemoData)
    {
        builder.AddCapacityExitDemo();
    }
    builder.AddCapacityExitWeb();
    builder.AddCapacityExitApi();

    var app = builder.Build();
    await app.Services.PrepareDatabaseAsync();
    app.Services.RegisterCalendarJobs();
    CapacityExit.Workflow.Core.Measures.MeasureServices.RegisterMeasureJobs(app.Services);

    app.UseCapacityExitWeb();
    app.MapHealthEndpoint();
    app.MapCapacityExitApi();
    app.WriteRouteListWhenAsked();

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is ConfigurationValueException or WorkflowDefinitionException or CalendarFormatException or TemplateException or FormatException)
{
    // A bad setting or a broken workflow/calendar file is the operator's to fix: say which, where and why, without a stack trace.
    await Console.Error.WriteLineAsync($"CapacityExit.Workflow cannot start: {e.Message}");
    return 2;
}
