using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database or a host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CapacityExitDbContext>
{
    public CapacityExitDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CapacityExitDbContext>()
            .UseNpgsql("Host=localhost;Database=design_time_only", Database.ConfigureNpgsql)
            .Options);
}
