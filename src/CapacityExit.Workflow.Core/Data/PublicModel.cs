using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Public;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Mapping of the public reports (举报) table (Public/).</summary>
internal static class PublicModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<PublicReport>(e =>
        {
            e.ToTable("public_reports");
            e.Property(x => x.ReceiptNumber).HasMaxLength(24);
            e.HasIndex(x => x.ReceiptNumber).IsUnique();
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Standard).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.RefusedBecause).HasMaxLength(20);
            e.Property(x => x.Enterprise).HasMaxLength(200);
            e.Property(x => x.Place).HasMaxLength(300);
            e.Property(x => x.WhatWasSeen).HasMaxLength(2000);
            e.Property(x => x.Contact).HasMaxLength(200);
            e.Property(x => x.PhotoSha256).HasMaxLength(64);
            e.Property(x => x.PhotoName).HasMaxLength(100);
            e.Property(x => x.PhotoContentType).HasMaxLength(100);
            e.Property(x => x.VerifiedBy).HasMaxLength(100);
            e.Property(x => x.Result).HasMaxLength(2000);
            e.HasIndex(x => new { x.BureauId, x.Status });
            e.HasIndex(x => new { x.ClientAddress, x.SubmittedAt });
            e.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Bureau>().WithMany().HasForeignKey(x => x.BureauId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
