using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Mapping of the measure tables (Measures/). ReplacementService's SQL relies on these names.</summary>
internal static class MeasuresModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ReplacementLedgerEntry>(e =>
        {
            // Capacity used once can never be used again (000 §三.1): drawn may never pass the exited amount, whoever
            // draws and however many at once. This constraint, not the code's check, is the last word.
            e.ToTable("replacement_ledger", t =>
            {
                t.HasCheckConstraint("ck_replacement_ledger_within_amount", "drawn >= 0 and drawn <= amount");
            });
            e.HasKey(x => x.CapacityItemId);
            e.Property(x => x.CapacityItemId).ValueGeneratedNever();
            e.Property(x => x.Amount).HasPrecision(14, 3);
            e.Property(x => x.Drawn).HasPrecision(14, 3);
            e.HasOne<CapacityItem>().WithOne().HasForeignKey<ReplacementLedgerEntry>(x => x.CapacityItemId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ReplacementPlan>(e =>
        {
            e.ToTable("replacement_plans", t => t.HasCheckConstraint("ck_replacement_plans_covered", "drawn >= required and ratio >= 1 and new_capacity > 0"));
            e.Property(x => x.ProjectName).HasMaxLength(200);
            e.Property(x => x.Applicant).HasMaxLength(200);
            e.Property(x => x.Industry).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Unit).HasMaxLength(30);
            e.Property(x => x.NewCapacity).HasPrecision(14, 3);
            e.Property(x => x.Ratio).HasPrecision(6, 3);
            e.Property(x => x.Required).HasPrecision(14, 3);
            e.Property(x => x.Drawn).HasPrecision(14, 3);
            e.Property(x => x.DocumentRef).HasMaxLength(100);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => x.CountyId);
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Draws).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ReplacementDraw>(e =>
        {
            e.ToTable("replacement_draws", t => t.HasCheckConstraint("ck_replacement_draws_positive", "amount > 0"));
            e.Property(x => x.Amount).HasPrecision(14, 3);
            e.HasIndex(x => new { x.PlanId, x.CapacityItemId }).IsUnique();
            e.HasIndex(x => x.CapacityItemId);
            e.HasOne<ReplacementLedgerEntry>().WithMany().HasForeignKey(x => x.CapacityItemId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<PriceMeasure>(e =>
        {
            e.ToTable("price_measures");
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.Reason).HasMaxLength(300);
            e.Property(x => x.LiftReason).HasMaxLength(300);
            // One application notice per case, and one lifting notice: the second of two racing hosts fails here.
            e.HasIndex(x => x.CaseId).IsUnique();
            e.HasIndex(x => x.LiftNoticeId).IsUnique();
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<IssuedNotice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<IssuedNotice>().WithMany().HasForeignKey(x => x.LiftNoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<IssuedNotice>().WithMany().HasForeignKey(x => x.WaterNoticeId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ResettlementPlan>(e =>
        {
            e.ToTable("resettlement_plans", t => t.HasCheckConstraint("ck_resettlement_plans_everyone_placed",
                "workers_affected >= 0 and transferred >= 0 and reemployed >= 0 and early_retired >= 0 and insurance_continued >= 0 " +
                "and transferred + reemployed + early_retired + insurance_continued = workers_affected"));
            e.HasIndex(x => x.EnterpriseId).IsUnique();
            e.Property(x => x.DocumentRef).HasMaxLength(100);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<SupportFund>(e =>
        {
            e.ToTable("support_funds", t => t.HasCheckConstraint("ck_support_funds_stages",
                "applied > 0 and (approved is null or (approved >= 0 and approved <= applied)) and (paid is null or (approved is not null and paid >= 0 and paid <= approved))"));
            e.Property(x => x.Source).HasMaxLength(200);
            e.Property(x => x.DocumentRef).HasMaxLength(100);
            e.Property(x => x.Applied).HasPrecision(16, 2);
            e.Property(x => x.Approved).HasPrecision(16, 2);
            e.Property(x => x.Paid).HasPrecision(16, 2);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.EnterpriseId, x.Year });
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<LandReuse>(e =>
        {
            e.ToTable("land_reuses", t => t.HasCheckConstraint("ck_land_reuses_area_positive", "area_mu > 0"));
            e.Property(x => x.AreaMu).HasPrecision(12, 2);
            e.Property(x => x.Disposal).HasMaxLength(100);
            e.Property(x => x.DocumentRef).HasMaxLength(100);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.EnterpriseId, x.Year });
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<CreditExport>(e =>
        {
            e.ToTable("credit_exports");
            e.Property(x => x.ExportedBy).HasMaxLength(100);
            e.Property(x => x.Rows).HasColumnType("jsonb");
            e.HasIndex(x => new { x.CityId, x.ExportedAt });
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.CityId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
