using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Mapping of the workflow tables. The dispatcher's SQL (Workflows/) relies on these names.</summary>
internal static class WorkflowModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<WorkflowInstance>(e =>
        {
            e.HasKey(x => x.CaseId);
            e.Property(x => x.DefinitionId).HasMaxLength(40);
            e.Property(x => x.ProfileId).HasMaxLength(40);
            e.Property(x => x.State).HasMaxLength(60);
            e.Property(x => x.Variables).HasColumnType("jsonb");
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasOne<Case>().WithOne().HasForeignKey<WorkflowInstance>(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            // The case list's default order (next deadline, then case number) read from an index, not computed per case.
            e.HasIndex(x => new { x.NextDeadlineAt, x.CaseId }).HasDatabaseName("ix_workflow_instances_next_deadline");
        });

        b.Entity<WorkflowTimer>(e =>
        {
            e.Property(x => x.Key).HasMaxLength(120);
            e.Property(x => x.Kind).HasMaxLength(60);
            e.Property(x => x.RecipientRole).HasMaxLength(60);
            e.Property(x => x.OwnerState).HasMaxLength(60);
            e.Property(x => x.FiredBy).HasMaxLength(100);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
            // The dispatcher's claim reads only pending rows in due order: keep that index small.
            // The claim orders by (due_at, id): with both in the index, a burst of timers sharing one due time is read
            // in order instead of re-sorted for every batch (docs/benchmarks.md).
            e.HasIndex(x => new { x.DueAt, x.Id }).HasFilter("status = 'Pending'").HasDatabaseName("ix_workflow_timers_pending_due");
            e.HasIndex(x => new { x.CaseId, x.Key }).IsUnique().HasFilter("status = 'Pending'").HasDatabaseName("ux_workflow_timers_pending_key");
            e.HasIndex(x => x.CaseId);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<WorkflowTask>(e =>
        {
            e.Property(x => x.Key).HasMaxLength(120);
            e.Property(x => x.Kind).HasMaxLength(60);
            e.Property(x => x.AssigneeRole).HasMaxLength(60);
            e.Property(x => x.OwnerState).HasMaxLength(60);
            e.Property(x => x.ClosedBy).HasMaxLength(100);
            e.Property(x => x.Outcome).HasMaxLength(200);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
            e.HasIndex(x => new { x.CaseId, x.Key }).IsUnique().HasFilter("status = 'Open'").HasDatabaseName("ux_workflow_tasks_open_key");
            e.HasIndex(x => new { x.Status, x.AssigneeRole });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<CaseHistoryEntry>(e =>
        {
            e.ToTable("case_history");
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.What).HasMaxLength(500);
            e.Property(x => x.Why).HasMaxLength(2000);
            e.Property(x => x.TimerKey).HasMaxLength(120);
            e.Property(x => x.TaskKey).HasMaxLength(120);
            e.Property(x => x.FromState).HasMaxLength(60);
            e.Property(x => x.ToState).HasMaxLength(60);
            e.HasIndex(x => new { x.CaseId, x.At });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.Property(x => x.Kind).HasMaxLength(60);
            e.Property(x => x.RecipientRole).HasMaxLength(60);
            e.Property(x => x.TemplateId).HasMaxLength(100);
            e.Property(x => x.Data).HasColumnType("jsonb");
            e.Property(x => x.MessageId).HasMaxLength(200);
            e.Property(x => x.LastReply).HasMaxLength(2000);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
            e.HasIndex(x => x.MessageId).IsUnique();
            e.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_outbox_messages_pending_next");
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
    

        b.Entity<CalendarJobRun>(e =>
        {
            e.Property(x => x.JobId).HasMaxLength(80);
            e.Property(x => x.Summary).HasMaxLength(2000);
            e.HasIndex(x => new { x.JobId, x.NominalDay }).IsUnique();
        });

        b.Entity<ConsistencyFinding>(e =>
        {
            e.Property(x => x.Problem).HasMaxLength(500);
            e.HasIndex(x => new { x.FoundOn, x.CaseId }).IsUnique();
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
