using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Notices;

public static class NoticeServices
{
    /// <summary>
    /// Loads and checks the templates (workflows/templates) and notices.yaml now, so a broken template stops
    /// start-up with file:line:column and reason (<see cref="TemplateException"/>), as do a template id the
    /// workflows never emit, a message kind without a template, or a profile without an issuer. Registers the
    /// directory, the notice service and the mail drafter.
    /// </summary>
    public static TemplateCatalog AddCapacityExitNotices(this IHostApplicationBuilder builder, string root, WorkflowRuntime runtime)
    {
        var workflows = ProjectPaths.Workflows(root);
        var templates = TemplateCatalog.LoadFromDirectory(Path.Combine(workflows, "templates"), runtime.Catalog, root);
        var uncovered = templates.Uncovered(runtime.Catalog);
        if (uncovered.Count > 0)
        {
            throw new TemplateException(uncovered.Select(u => new TemplateError("workflows/templates", 0, 0, "no template for " + u)).ToList());
        }

        var settings = NoticeSettings.Load(NoticeSettings.PathUnder(workflows), runtime.Catalog.Profiles.Select(p => p.Id));
        var configuration = builder.Configuration;
        var language = configuration[ComposerOptions.LanguageKey] is { Length: > 0 } l ? l : TemplateCatalog.Chinese;
        if (!TemplateCatalog.Languages.Contains(language))
        {
            throw new ConfigurationValueException(ComposerOptions.LanguageKey, $"'{language}' is not one of {string.Join(", ", TemplateCatalog.Languages)}");
        }

        var from = configuration[ComposerOptions.FromKey] is { Length: > 0 } f ? f : "noreply@example.org";
        builder.Services.AddSingleton(templates);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(PublicLinks.From(configuration));
        builder.Services.AddSingleton(new ComposerOptions(new MailRecipient("落后产能退出工作平台", from), language));
        builder.Services.AddScoped<RecipientDirectory>();
        builder.Services.AddScoped<MailModelBuilder>();
        builder.Services.AddScoped<NoticeService>();
        builder.Services.TryAddScoped<Cases.CaseReadAccess>();
        builder.Services.AddScoped<NoticeRegister>();
        builder.Services.AddScoped<TemplateMailDrafter>();
        builder.Services.AddScoped<Mail.IMailComposer, TemplateMailComposer>();
        // Transient like every calendar job: each run takes the holiday calendar as it is then (WorkflowRuntime.UseCalendar).
        // The one ladder every duty with a last day climbs (case steps, 举报, programme tasks, reports, targets).
        builder.Services.AddTransient<Obligations.ObligationLadderJob>();
        builder.Services.AddTransient<Scheduling.ICalendarJob>(sp => sp.GetRequiredService<Obligations.ObligationLadderJob>());
        builder.AddCapacityExitReporting();
        Programmes.ProgrammeServices.AddCapacityExitProgrammes(builder, withJob: true);
        Measures.MeasureServices.AddCapacityExitMeasures(builder, root, runtime);
        return templates;
    }
}
