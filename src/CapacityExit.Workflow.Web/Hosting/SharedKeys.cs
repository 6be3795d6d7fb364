using CapacityExit.Workflow.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// The Data Protection key ring (sign-in cookies, antiforgery tokens, bearer tokens) kept in PostgreSQL, not in a host's
/// home folder: a restarted host, or any other host on the same database, reads what the first one protected, so a
/// restart signs nobody out and a proxy may send a person's requests to any host. The keys travel with the database
/// backup (scripts/backup.sh); see docs/deploy.md for what that means for keeping the backup.
/// </summary>
public static class SharedKeys
{
    /// <summary>Fixed, so that hosts installed in different folders share one ring (the default name is the content root).</summary>
    public const string ApplicationName = "CapacityExit.Workflow";

    public static void AddCapacityExitSharedKeys(this WebApplicationBuilder builder) =>
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<CapacityExitDbContext>();
}
