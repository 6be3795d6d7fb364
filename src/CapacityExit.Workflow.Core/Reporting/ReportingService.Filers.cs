using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Reporting;

public sealed partial class ReportingService
{
    /// <summary>
    /// Whether a role files reports at all: a county officer for their county, a bureau officer for their bureau, the
    /// leading-group office for any filer of its city (<see cref="SubmitAsync"/> decides which filer). Supervisors,
    /// auditors and administrators read the status but record nothing.
    /// </summary>
    public static bool FilesReports(Role role) => role is Role.LeadingGroupOffice or Role.CountyOfficer or Role.BureauOfficer;
}
