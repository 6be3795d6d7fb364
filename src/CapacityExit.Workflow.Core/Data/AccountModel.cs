using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Documents;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Identity's tables under our names, the audit log and case documents.</summary>
internal static class AccountModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.HasIndex(a => a.PersonId).IsUnique();
            e.HasOne<Person>().WithOne().HasForeignKey<Account>(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<IdentityRole<int>>().ToTable("account_roles");
        b.Entity<IdentityUserRole<int>>().ToTable("account_user_roles");
        b.Entity<IdentityUserClaim<int>>().ToTable("account_claims");
        b.Entity<IdentityUserLogin<int>>().ToTable("account_logins");
        b.Entity<IdentityUserToken<int>>().ToTable("account_tokens");
        b.Entity<IdentityRoleClaim<int>>().ToTable("account_role_claims");

        b.Entity<AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Actor).HasMaxLength(60);
            e.Property(x => x.Subject).HasMaxLength(60);
            e.Property(x => x.Address).HasMaxLength(60);
            e.Property(x => x.Detail).HasMaxLength(500);
            e.HasIndex(x => x.At);
        });

        b.Entity<CaseDocument>(e =>
        {
            e.ToTable("case_documents");
            e.Property(x => x.Purpose).HasMaxLength(60);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.UploadedBy).HasMaxLength(60);
            e.HasIndex(x => x.CaseId);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
