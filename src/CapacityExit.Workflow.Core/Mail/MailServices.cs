using CapacityExit.Workflow.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Mail;

public static class MailServices
{
    /// <summary>
    /// Reads and checks <c>CapacityExit:Mail</c> (a bad value throws <see cref="ConfigurationValueException"/>) and
    /// registers the outbox sender, its health check and, unless <c>CapacityExit:Mail:Enabled=false</c> or
    /// <paramref name="runSender"/> is false, its hosted loop. The sender needs an <see cref="IMailComposer"/>
    /// (scoped), registered by whoever renders the templates; none is registered here.
    /// </summary>
    public static MailSettings AddCapacityExitMail(this IHostApplicationBuilder builder, string root, bool runSender = true)
    {
        var settings = MailSettings.Load(builder.Configuration, root);
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxHealth>();
        builder.Services.AddScoped<OutboxSender>();
        builder.Services.AddScoped<OutboxOffice>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealth>("mail-outbox", tags: [Health.HealthTags.Ready]);
        if (runSender && CapacityExitSettings.Bool(builder.Configuration, $"{MailSettings.Section}:Enabled", true))
        {
            builder.Services.AddHostedService<OutboxSenderService>();
        }

        return settings;
    }
}
