using System.Net;
using CapacityExit.Workflow.Domain.Registry;
using Hangfire.Dashboard;

namespace CapacityExit.Workflow.Core.Scheduling;

/// <summary>
/// Who may see /hangfire: administrators (full), auditors (read-only). Until sign-in exists nobody is signed in,
/// so it stays closed, unless the setting CapacityExit:Hangfire:DashboardAllowsLocalRequests (off by default)
/// opens it to requests from the machine itself.
/// </summary>
public sealed class DashboardAuthorization(bool allowLocalRequests) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.IsInRole(nameof(Role.Admin)) || http.User.IsInRole(nameof(Role.Auditor)))
        {
            return true;
        }

        return allowLocalRequests && IsLocal(http.Connection.RemoteIpAddress, http.Connection.LocalIpAddress);
    }

    /// <summary>Auditors look; they change nothing (no retry, no delete, no trigger).</summary>
    public static bool IsReadOnly(DashboardContext context) => !context.GetHttpContext().User.IsInRole(nameof(Role.Admin));

    private static bool IsLocal(IPAddress? remote, IPAddress? local) =>
        remote is not null && (IPAddress.IsLoopback(remote) || remote.Equals(local));
}
