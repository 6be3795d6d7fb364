using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Mapping of the industry programmes' tables (Programmes/): kiln shutdowns, coal reports, programme tasks.</summary>
internal static class ProgrammeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<KilnShutdownRecord>(e =>
        {
            e.ToTable("kiln_shutdowns");
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ConfirmedByParty).HasMaxLength(30);
            e.Property(x => x.MeterReadings).HasMaxLength(500);
            e.Property(x => x.PhotoSha256).HasMaxLength(64);
            e.Property(x => x.PhotoFileName).HasMaxLength(200);
            e.Property(x => x.PhotoContentType).HasMaxLength(100);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            // One record per line and day, whatever the number of hosts running the job.
            e.HasIndex(x => new { x.CapacityItemId, x.Day }).IsUnique();
            e.HasIndex(x => new { x.Status, x.ConfirmBy });
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.CityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CapacityItem>().WithMany().HasForeignKey(x => x.CapacityItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ProgrammeTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<CoalProductionReport>(e =>
        {
            e.ToTable("coal_production_reports", t => t.HasCheckConstraint("ck_coal_production_reports_month", "month between 1 and 12"));
            e.Property(x => x.Days).HasMaxLength(4000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.EnterpriseId, x.Year, x.Month }).IsUnique();
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ProgrammeTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ProgrammeTask>(e =>
        {
            e.ToTable("programme_tasks");
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.Subject).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Detail).HasMaxLength(4000);
            e.Property(x => x.Source).HasMaxLength(100);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Outcome).HasMaxLength(30);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.Property(x => x.ClosedBy).HasMaxLength(100);
            e.Property(x => x.AuthorityReference).HasMaxLength(100);
            e.HasIndex(x => x.Subject).IsUnique();
            e.HasIndex(x => new { x.Status, x.DueOn });
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.CityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Bureau>().WithMany().HasForeignKey(x => x.BureauId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CapacityItem>().WithMany().HasForeignKey(x => x.CapacityItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.FollowUpCaseId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
