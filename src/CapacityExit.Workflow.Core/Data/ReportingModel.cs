using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Mapping of the report, target and escalation-step tables (Reporting/).</summary>
internal static class ReportingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ReportSubmission>(e =>
        {
            e.ToTable("report_submissions");
            e.Property(x => x.Report).HasMaxLength(60);
            e.Property(x => x.FilerKey).HasMaxLength(40);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.Property(x => x.Note).HasMaxLength(2000);
            // One filing per filer, report and year: a second is refused by the database too.
            e.HasIndex(x => new { x.CityId, x.Report, x.Year, x.FilerKey }).IsUnique();
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.CityId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<AnnualTarget>(e =>
        {
            e.ToTable("annual_targets", t => t.HasCheckConstraint("ck_annual_targets_amount_positive", "amount > 0"));
            e.Property(x => x.Description).HasMaxLength(200);
            e.Property(x => x.Unit).HasMaxLength(30);
            e.Property(x => x.Amount).HasPrecision(18, 3);
            e.Property(x => x.SetBy).HasMaxLength(100);
            e.HasIndex(x => new { x.JurisdictionId, x.Year, x.Description }).IsUnique();
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<EscalationStepRecord>(e =>
        {
            e.ToTable("escalation_steps");
            e.Property(x => x.Subject).HasMaxLength(160);
            e.Property(x => x.Step).HasMaxLength(40);
            e.Property(x => x.Why).HasMaxLength(500);
            // Each step once per subject, whatever the number of hosts running the job.
            e.HasIndex(x => new { x.Subject, x.Step }).IsUnique();
            e.HasIndex(x => new { x.JurisdictionId, x.TakenAt });
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<IssuedNotice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => x.OutboxId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
