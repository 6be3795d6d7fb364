namespace CapacityExit.Workflow.Core.Hosting;

/// <summary>
/// The seam for the optional demo data (src/CapacityExit.Workflow.Demo): a host that is asked to load it
/// (CapacityExit:LoadDemoData=true) registers an implementation, and <see cref="CoreServices.PrepareDatabaseAsync"/>
/// calls it after the migrations. Core itself carries no demo data.
/// </summary>
public interface IDemoDataLoader
{
    /// <summary>Fills an empty registry with the demo data; leaves a database with data as it is.</summary>
    Task LoadAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}
