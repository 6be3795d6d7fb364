using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Health;
using CapacityExit.Workflow.Core.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Hosting;

public static class CoreServices
{
    /// <summary>Registers the database, the clock and the case services. Throws on a bad configuration value.</summary>
    public static CapacityExitSettings AddCapacityExitCore(this IHostApplicationBuilder builder)
    {
        var settings = CapacityExitSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(settings.ConnectionString).Build());
        builder.Services.AddDbContext<CapacityExitDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), Database.ConfigureNpgsql));
        builder.Services.AddScoped<RegistryService>();
        builder.Services.AddScoped<CaseOpeningService>();
        builder.Services.AddCapacityExitAccounts();
        builder.Services.AddCapacityExitCaseQueries();
        Public.PublicServices.AddCapacityExitPublic(builder.Services);
        Obligations.ObligationServices.AddCapacityExitObligations(builder.Services);
        Agenda.AgendaServices.AddCapacityExitAgenda(builder); // the calendar, which the daily digest reads too
        // Case files and photos live in PostgreSQL; the folder where earlier versions kept them (.data/uploads unless the
        // setting says where) is emptied into the database at start-up.
        var uploads = builder.Configuration["CapacityExit:Uploads:Root"] is { Length: > 0 } configured
            ? Path.Combine(builder.Environment.ContentRootPath, configured)
            : Path.Combine(ProjectPaths.DataDirectory(builder.Configuration, builder.Environment.ContentRootPath), "uploads");
        builder.Services.AddSingleton(sp => new Documents.DocumentStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), uploads));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgresql", tags: [HealthTags.Ready]);
        return settings;
    }

    /// <summary>Applies migrations and, when asked, loads the demo data (<see cref="IDemoDataLoader"/>). A failure here stops start-up.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var settings = services.GetRequiredService<CapacityExitSettings>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CapacityExit.Startup");
        await using var scope = services.CreateAsyncScope();
        if (settings.MigrateAtStartup)
        {
            // A context of its own, outside the host's logging: on a fresh database EF probes for its history table
            // with a query it expects to fail, and would log that as an error on every first start.
            await using var migrating = new CapacityExitDbContext(Database.Options(settings.ConnectionString));
            var applied = await Database.MigrateAsync(migrating, cancellationToken);
            logger.LogInformation("Schema up to date; applied {Count} migration(s): {Names}", applied.Count, string.Join(", ", applied));
        }

        // Files an earlier version kept on disk: into the database, each deleted from disk once its row is committed.
        if (settings.MigrateAtStartup && services.GetService<Documents.DocumentStore>() is { } documents)
        {
            var moved = await documents.MoveInFromDiskAsync(logger, cancellationToken);
            logger.LogInformation("Files moved from {Folder} into the database: {Count}", documents.LegacyRoot, moved);
        }

        // The holiday years entered in the database, laid over the shipped file before the host counts a deadline.
        if (services.GetService<Calendar.CalendarFileWatcher>() is { } calendar)
        {
            await calendar.CheckAsync(cancellationToken);
        }

        if (settings.LoadDemoData)
        {
            var demo = scope.ServiceProvider.GetService<IDemoDataLoader>()
                ?? throw new ConfigurationValueException("CapacityExit:LoadDemoData", "this host was built without the demo data (CapacityExit.Workflow.Demo)");
            await demo.LoadAsync(scope.ServiceProvider, cancellationToken);
        }

        // Definitions changed compatibly (a new version with 'migrates-from') take over the running cases of the old one.
        if (scope.ServiceProvider.GetService<Workflows.CaseWorkflowService>() is { } workflows)
        {
            var moved = await workflows.MigrateCompatibleAsync(cancellationToken);
            logger.LogInformation("Running cases moved to compatible new definition versions: {Count}", moved);
        }

        // Duties a corrected rule gives cases that closed before it (001 §四.(七): the production permit's cancellation).
        if (scope.ServiceProvider.GetService<Programmes.PermitCancellationDuties>() is { } permits)
        {
            var opened = await permits.CatchUpAsync(cancellationToken);
            logger.LogInformation("Production-permit cancellation duties opened for cases closed before the rule: {Count}", opened);
        }

        // Price measures issued before every profile told the water supplier get its numbered notice (000 §四.4 and the others).
        if (scope.ServiceProvider.GetService<Measures.PriceMeasureService>() is { } prices)
        {
            var told = await prices.TellWaterSupplierAsync(cancellationToken);
            logger.LogInformation("Water-supplier notices issued for price measures in force before the rule: {Count}", told);
        }
    }
}
