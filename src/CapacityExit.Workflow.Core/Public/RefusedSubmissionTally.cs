namespace CapacityExit.Workflow.Core.Public;

/// <summary>
/// How many 举报 submissions from one address were refused on one day (Beijing): the first
/// <see cref="PublicReportService.RefusedKeptInFullPerAddressAndDay"/> are kept in full for the audit, the rest only counted here,
/// so a flood of refused posts cannot fill the database.
/// </summary>
public sealed class RefusedSubmissionTally
{
    public required string Address { get; set; }

    public DateOnly Day { get; set; }

    public int Refused { get; set; }
}
