using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CapacityExit.Workflow.Demo;

public static class DemoServices
{
    /// <summary>Registers the demo data for start-up (<see cref="IDemoDataLoader"/>); the host calls this only when asked to load it.</summary>
    public static void AddCapacityExitDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDemoDataLoader, DemoStartupLoader>();
        // The demo's power supplier (供电企业) has a fictional mailbox, so its shutdown and price notices are delivered
        // like the rest; a real office configures its own (CapacityExit:Mail:Directory:power-supplier), which wins.
        // The water supplier likewise: every seed names 超定额用水累进加价 (差别水价), so every price notice goes to it too.
        foreach (var (role, mailbox) in new[] { ("power-supplier", "示例供电公司 <power-supplier@example.org>"), ("water-supplier", "示例供水公司 <water-supplier@example.org>") })
        {
            var key = RecipientDirectory.ConfigurationPrefix + role;
            if (!builder.Configuration.GetSection(key).Exists())
            {
                builder.Configuration.AddInMemoryCollection([new(key, mailbox)]);
            }
        }
    }
}

/// <summary>At start-up: the demo data into an empty registry, its workflows started, and today's demo moments staged.</summary>
internal sealed class DemoStartupLoader(TimeProvider time, ILoggerFactory loggers) : IDemoDataLoader
{
    public async Task LoadAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("CapacityExit.Startup");
        var loaded = await DemoData.LoadAsync(scopedServices.GetRequiredService<CapacityExitDbContext>(), time, cancellationToken,
            scopedServices.GetService<WorkflowStarter>());
        logger.LogInformation(loaded ? "Demo data loaded" : "Demo data already present; left as it is");
        if (loaded && scopedServices.GetService<NoticeService>() is not null)
        {
            await DemoMoments.StageAsync(scopedServices, time, cancellationToken);
            logger.LogInformation("Demo: a reminder, a 通报 and a 约谈 fall due today");
            await DemoPublic.StageAsync(scopedServices, time, cancellationToken);
            logger.LogInformation("Demo: an exited enterprise on the public lists, a public report to verify, two refused ones for the audit");
            await DemoMeasures.StageAsync(scopedServices, time, cancellationToken);
            logger.LogInformation("Demo: two accepted exits in 桂阳县 with resettlement plans, and a replacement plan drawing on one");
            if (scopedServices.GetService<Core.Programmes.ProgrammeService>() is not null)
            {
                await DemoCoal.StageAsync(scopedServices, time, cancellationToken);
                logger.LogInformation("Demo: a coal mine in 资兴市 whose month's report shows production on statutory holidays");
            }
        }

        var accounts = await DemoAccounts.EnsureAsync(scopedServices, cancellationToken);
        logger.LogInformation("Demo: {Count} sign-in account(s) created", accounts);
    }
}
