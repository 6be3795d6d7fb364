using System.Text;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>
/// The one store: registry, workflows, mail, reports — and the sign-in accounts (ASP.NET Core Identity), so that an
/// account change and its audit line commit together like everything else.
/// </summary>
public sealed class CapacityExitDbContext(DbContextOptions<CapacityExitDbContext> options)
    : IdentityDbContext<Account, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public const string Schema = "capacity_exit";

    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();

    public DbSet<Bureau> Bureaus => Set<Bureau>();

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();

    public DbSet<CapacityItem> CapacityItems => Set<CapacityItem>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();

    public DbSet<WorkflowTimer> WorkflowTimers => Set<WorkflowTimer>();

    public DbSet<WorkflowTask> WorkflowTasks => Set<WorkflowTask>();

    public DbSet<CaseHistoryEntry> CaseHistory => Set<CaseHistoryEntry>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<CalendarJobRun> CalendarJobRuns => Set<CalendarJobRun>();

    public DbSet<ConsistencyFinding> ConsistencyFindings => Set<ConsistencyFinding>();

    public DbSet<ReportSubmission> ReportSubmissions => Set<ReportSubmission>();

    public DbSet<AnnualTarget> AnnualTargets => Set<AnnualTarget>();

    public DbSet<EscalationStepRecord> EscalationSteps => Set<EscalationStepRecord>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<CaseDocument> CaseDocuments => Set<CaseDocument>();

    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();

    public DbSet<SpentRefreshToken> SpentRefreshTokens => Set<SpentRefreshToken>();

    public DbSet<Public.RefusedSubmissionTally> RefusedSubmissionTallies => Set<Public.RefusedSubmissionTally>();

    public DbSet<Public.PublicReport> PublicReports => Set<Public.PublicReport>();
    public DbSet<CalendarYearArrival> CalendarYearArrivals => Set<CalendarYearArrival>();

    public DbSet<CalendarFeedToken> CalendarFeedTokens => Set<CalendarFeedToken>();
    public DbSet<KilnShutdownRecord> KilnShutdowns => Set<KilnShutdownRecord>();

    public DbSet<CoalProductionReport> CoalProductionReports => Set<CoalProductionReport>();

    public DbSet<ProgrammeTask> ProgrammeTasks => Set<ProgrammeTask>();

    /// <summary>The Data Protection key ring every host shares: a cookie, antiforgery or bearer token of one host is read by all.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The bytes of case files and photos, once per content (<see cref="DocumentStore"/>).</summary>
    public DbSet<DocumentContent> DocumentContents => Set<DocumentContent>();

    /// <summary>Holiday years administrators entered, laid over the shipped calendar file (<see cref="Calendar.HolidayYearStore"/>).</summary>
    public DbSet<Calendar.HolidayYearRecord> HolidayYears => Set<Calendar.HolidayYearRecord>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasDefaultSchema(Schema);
        AccountModel.Configure(b);
        AccountSecurityModel.Configure(b);
        b.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        b.Entity<Calendar.HolidayYearRecord>(e =>
        {
            e.ToTable("holiday_years");
            e.HasKey(x => x.Year);
            e.Property(x => x.Year).ValueGeneratedNever();
            e.Property(x => x.NoticeTitle).HasMaxLength(200);
            e.Property(x => x.Holidays).HasColumnType("jsonb");
            e.Property(x => x.EnteredBy).HasMaxLength(100);
        });
        b.Entity<DocumentContent>(e =>
        {
            e.ToTable("document_contents");
            e.HasKey(x => x.Sha256);
            e.Property(x => x.Sha256).HasMaxLength(64);
        });

        b.Entity<Jurisdiction>(e =>
        {
            e.HasIndex(j => j.Code).IsUnique();
            e.Property(j => j.Code).HasMaxLength(12);
            e.Property(j => j.NameZh).HasMaxLength(100);
            e.Property(j => j.NameEn).HasMaxLength(100);
            e.Property(j => j.Level).HasConversion<string>().HasMaxLength(20);
            e.Property(j => j.ProfileId).HasMaxLength(40);
            e.Property(j => j.Mailbox).HasMaxLength(200);
            e.HasOne(j => j.Parent).WithMany(j => j.Children).HasForeignKey(j => j.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Bureau>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.NameZh).HasMaxLength(100);
            e.Property(x => x.Mailbox).HasMaxLength(200);
            e.Property(x => x.Standards).HasColumnType("text[]")
                .HasConversion(
                    v => v.Select(s => s.ToString()).ToArray(),
                    v => v.Select(Enum.Parse<Domain.Registry.Standard>).ToList(),
                    new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<Domain.Registry.Standard>>(
                        (l, r) => l!.SequenceEqual(r!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s)), l => l.ToList()));
            e.HasIndex(x => new { x.JurisdictionId, x.Kind }).IsUnique();
            e.HasOne(x => x.Jurisdiction).WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Enterprise>(e =>
        {
            e.HasIndex(x => x.CreditCode).IsUnique();
            e.HasIndex(x => new { x.Name, x.Id }); // the case list sorted by enterprise (docs/benchmarks.md)
            e.Property(x => x.CreditCode).HasMaxLength(18).IsFixedLength();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Industry).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.ContactName).HasMaxLength(100);
            e.Property(x => x.ContactPhone).HasMaxLength(40);
            e.Property(x => x.ContactEmail).HasMaxLength(200);
            e.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<CapacityItem>(e =>
        {
            e.Property(x => x.Description).HasMaxLength(300);
            e.Property(x => x.Unit).HasMaxLength(30);
            e.Property(x => x.Amount).HasPrecision(14, 3);
            e.ToTable(t => t.HasCheckConstraint("ck_capacity_items_amount_positive", "amount > 0"));
            e.HasOne(x => x.Enterprise).WithMany(x => x.CapacityItems).HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Case>(e =>
        {
            e.Property(x => x.Standard).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.LegalBasis).HasMaxLength(2000);
            e.HasIndex(x => new { x.Status, x.Standard });
            e.HasIndex(x => x.ResponsibleBureauId);
            e.HasIndex(x => new { x.FindingDate, x.Id }); // the case list sorted by finding date (docs/benchmarks.md)
            e.HasOne(x => x.CapacityItem).WithMany().HasForeignKey(x => x.CapacityItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.ResponsibleBureau).WithMany().HasForeignKey(x => x.ResponsibleBureauId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Person>(e =>
        {
            e.HasIndex(x => x.Login).IsUnique();
            e.Property(x => x.Login).HasMaxLength(60);
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.Email).HasMaxLength(200);
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(30);
            e.HasOne(x => x.Jurisdiction).WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Bureau).WithMany().HasForeignKey(x => x.BureauId).OnDelete(DeleteBehavior.Restrict);
        });

        WorkflowModel.Configure(b);
        NoticeModel.Configure(b);
        ReportingModel.Configure(b);
        PublicModel.Configure(b);
        CalendarModel.Configure(b);
        ProgrammeModel.Configure(b);
        MeasuresModel.Configure(b);
        ApplySnakeCase(b);
    }

    /// <summary>snake_case tables and columns, so hand-written SQL (the timer dispatcher) reads naturally.</summary>
    private static void ApplySnakeCase(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            entity.SetTableName(SnakeCase(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetName()!));
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(SnakeCase(fk.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName()!));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
