using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Public;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>The sign-in throttle, spent refresh tokens, the tally of refused 举报 and the 举报 rate window: small, bounded tables.</summary>
internal static class AccountSecurityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<SignInThrottle>(e =>
        {
            e.ToTable("sign_in_throttles");
            e.HasKey(x => new { x.Login, x.Address });
            e.Property(x => x.Login).HasMaxLength(60);
            e.Property(x => x.Address).HasMaxLength(64);
            e.HasIndex(x => x.LastFailureAt);
        });

        b.Entity<SpentRefreshToken>(e =>
        {
            e.ToTable("spent_refresh_tokens");
            e.HasKey(x => x.TokenId);
            e.HasIndex(x => x.ExpiresAt);
        });

        b.Entity<RefusedSubmissionTally>(e =>
        {
            e.ToTable("refused_submission_tallies");
            e.HasKey(x => new { x.Address, x.Day });
            e.Property(x => x.Address).HasMaxLength(64);
        });

        // The 举报 rate limit's window, shared by every host (PublicReportLimit).
        b.Entity<PublicReportRateSegment>(e =>
        {
            e.ToTable("public_report_rate_segments");
            e.HasKey(x => new { x.Address, x.SegmentStart });
            e.Property(x => x.Address).HasMaxLength(64);
            e.HasIndex(x => x.SegmentStart);
        });
    }
}
