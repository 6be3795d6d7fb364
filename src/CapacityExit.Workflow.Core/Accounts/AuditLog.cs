using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>A filter over the audit log (every part optional).</summary>
public sealed record AuditFilter(string? Login = null, AuditKind? Kind = null, DateOnly? From = null, DateOnly? To = null, int Page = 0)
{
    public const int PageSize = 100;
}

/// <summary>
/// Sign-ins, failed sign-ins and account changes: appended, never edited. Accounts and their trail are the platform's:
/// administrators, who add, lock and reset the accounts of every jurisdiction, read every line; an auditor reads the
/// lines about accounts of their own jurisdiction (the scope rule, <see cref="Cases.CaseReadAccess"/>).
/// Case changes are not here: they stay in each case's history.
/// </summary>
public sealed class AuditLog(CapacityExitDbContext db, TimeProvider time)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Adds a line; written with the caller's next SaveChanges, or now when <paramref name="save"/>.</summary>
    public async Task RecordAsync(AuditKind kind, string actor, string? subject, string? address, string? detail, bool save,
        CancellationToken cancellationToken)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow(),
            Kind = kind,
            Actor = Cut(actor, 60),
            Subject = subject is null ? null : Cut(subject, 60),
            Address = address is null ? null : Cut(address, 60),
            Detail = detail is null ? null : Cut(detail, 500),
        });
        if (save)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>A page of the log, newest first, for an auditor or administrator; anyone else is refused.</summary>
    public async Task<(IReadOnlyList<AuditEvent> Rows, int Total)> QueryAsync(string? actorLogin, AuditFilter filter, CancellationToken cancellationToken)
    {
        var reader = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == actorLogin, cancellationToken);
        if (reader?.Role is not (Role.Auditor or Role.Admin))
        {
            throw new WorkflowRuleException("role-not-allowed", "只有审计员和系统管理员可以查看审计日志", "only auditors and administrators read the audit log");
        }

        if (filter.From is { } f && filter.To is { } t && t < f)
        {
            throw DomainValidationException.Single("to", $"结束日期{t:yyyy-MM-dd}早于开始日期{f:yyyy-MM-dd}", $"{t:yyyy-MM-dd} is before {f:yyyy-MM-dd}");
        }

        // A control character (NUL above all, which PostgreSQL refuses) never reaches the query: refused by name.
        if (InputText.Check("login", filter.Login) is { } wrongLogin)
        {
            throw new DomainValidationException([wrongLogin]);
        }

        var q = db.AuditEvents.AsNoTracking();
        if (reader.Role == Role.Auditor)
        {
            // The scope rule (docs/security.md): a line belongs to the accounts it is about, and an auditor reads the lines
            // of accounts in their jurisdiction; a line about no account (a login that does not exist) is the platform's.
            var within = (await new Cases.CaseReadAccess(db).ReadableAsync(reader, cancellationToken)).ToList();
            var logins = db.People.Where(p => within.Contains(p.JurisdictionId)).Select(p => p.Login);
            q = q.Where(e => logins.Contains(e.Actor) || (e.Subject != null && logins.Contains(e.Subject)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Login))
        {
            var login = filter.Login.Trim();
            q = q.Where(e => e.Actor == login || e.Subject == login);
        }

        if (filter.Kind is { } kind)
        {
            q = q.Where(e => e.Kind == kind);
        }

        if (filter.From is { } from)
        {
            var start = StartOfDay(from);
            q = q.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            q = q.Where(e => e.At < end);
        }

        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderByDescending(e => e.Id).Skip(Math.Max(0, filter.Page) * AuditFilter.PageSize).Take(AuditFilter.PageSize)
            .ToListAsync(cancellationToken);
        return (rows, total);
    }

    private static DateTimeOffset StartOfDay(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Shanghai), TimeSpan.Zero);

    /// <summary>What is logged is cut and cleaned of control characters: a hostile login must not forge log lines.</summary>
    private static string Cut(string text, int max)
    {
        var clean = new string(text.Select(c => c < ' ' ? '?' : c).ToArray());
        return clean.Length <= max ? clean : clean[..max];
    }
}
