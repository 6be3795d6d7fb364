using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Mapping of the notice tables (Notices/). NoticeNumbers' SQL relies on these names.</summary>
internal static class NoticeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<NoticeNumberSequence>(e =>
        {
            e.ToTable("notice_number_sequences");
            e.HasKey(x => new { x.IssuerId, x.Year });
            e.Property(x => x.IssuerId).HasMaxLength(40);
            e.ToTable(t => t.HasCheckConstraint("ck_notice_number_sequences_positive", "last_number > 0"));
        });

        b.Entity<IssuedNotice>(e =>
        {
            e.ToTable("issued_notices");
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.IssuerId).HasMaxLength(40);
            e.Property(x => x.DocumentNumber).HasMaxLength(60);
            e.Property(x => x.IssuedBy).HasMaxLength(100);
            e.Property(x => x.Laggard).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.MainRecipients).HasMaxLength(500);
            e.Property(x => x.CopyTo).HasMaxLength(500);
            e.Property(x => x.Recipients).HasColumnType("jsonb");
            e.Property(x => x.Place).HasMaxLength(200);
            e.Property(x => x.Attendees).HasColumnType("jsonb");
            // The number is the document's identity: a repeat is refused by the database, not only by the allocator.
            e.HasIndex(x => new { x.IssuerId, x.Year, x.Number }).IsUnique();
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => new { x.JurisdictionId, x.IssuedAt });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
