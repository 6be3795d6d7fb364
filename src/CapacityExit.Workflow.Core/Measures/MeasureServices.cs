using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Workflows;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Measures;

public static class MeasureServices
{
    public const string PriceJobId = "price-measures";

    /// <summary>
    /// Every ten minutes, the catch-up: transitions issue their price notices themselves; the job issues what none could
    /// (the power supplier's mailbox configured later, a case ended outside the workflow).
    /// </summary>
    public const string PriceJobCron = "*/10 * * * *";

    /// <summary>
    /// Loads and checks workflows/measures/measures.yaml now (a bad file stops start-up with file:line:column and the
    /// reason) and registers the ledger, support, price and credit services.
    /// </summary>
    public static void AddCapacityExitMeasures(this IHostApplicationBuilder builder, string root, WorkflowRuntime runtime)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(MeasureSettings)))
        {
            return;
        }

        var settings = MeasureSettings.Load(MeasureSettings.PathUnder(ProjectPaths.Workflows(root)), runtime.Catalog.Profiles.Select(p => p.Id));
        builder.Services.AddSingleton(settings);
        // The price notices' issuers (each city's 发改委), so a notice's mail names its issuer as the .docx does.
        foreach (var issuer in settings.Profiles.Values.Select(p => p.PriceIssuer))
        {
            builder.Services.AddSingleton(issuer);
        }

        builder.Services.TryAddScoped<Cases.CaseReadAccess>();
        builder.Services.AddScoped<MeasureAccess>();
        builder.Services.AddScoped<ReplacementService>();
        builder.Services.AddScoped<ExitSupportService>();
        builder.Services.AddScoped<CreditExchangeService>();
        builder.Services.AddSingleton<PriceMeasureService>();
        // Price notices go out in the transition's own transaction; the job below only catches up.
        builder.Services.AddSingleton<ITransitionFollowUp>(sp => sp.GetRequiredService<PriceMeasureService>());
        builder.Services.AddTransient<PriceMeasureJob>();
    }

    /// <summary>Registers the price-measure sync as a Hangfire recurring job (in the web host, beside the calendar jobs).</summary>
    public static void RegisterMeasureJobs(this IServiceProvider services) =>
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PriceMeasureJob>(PriceJobId, job => job.RunAsync(CancellationToken.None), PriceJobCron,
            new RecurringJobOptions { TimeZone = Domain.Deadlines.ChinaTime.Zone });
}

/// <summary>The thin job Hangfire fires: the service decides, and its unique indexes keep each notice once.</summary>
public sealed class PriceMeasureJob(PriceMeasureService service)
{
    [DisableConcurrentExecution(60)]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var (applied, lifted) = await service.SyncAsync(cancellationToken);
        var water = await service.TellWaterSupplierAsync(cancellationToken);
        return $"price notices: {applied} applied, {lifted} lifted, {water} water-supplier corrections";
    }
}
