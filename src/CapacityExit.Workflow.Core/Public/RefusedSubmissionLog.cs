using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Public;

/// <summary>A 举报 submission that was not taken up, as it was kept: the fields exactly as they came (cut to the columns).</summary>
public sealed record RefusedSubmission(long Id, DateTimeOffset SubmittedAt, string Address, string Reason, string Enterprise, string? County,
    string Place, Standard? Standard, string WhatWasSeen, string? Contact);

/// <summary>An address and day with more refused submissions than are kept in full: how many there were, how many were kept.</summary>
public sealed record RefusedTally(DateOnly Day, string Address, int Refused, int KeptInFull)
{
    public int CountedOnly => Refused - KeptInFull;
}

/// <summary>What to list: the reason (<see cref="PublicReportService.RateLimited"/> or <see cref="PublicReportService.Robot"/>), a day range (Beijing), a page.</summary>
public sealed record RefusedFilter(string? Reason = null, DateOnly? From = null, DateOnly? To = null, int Page = 0)
{
    public const int PageSize = 100;
}

/// <summary>
/// The refused 举报 submissions (too many from one address, or a robot's), kept for the audit (001 §五.(三) asks every
/// report to be verified; the audit must be able to see which were never taken up and why). Read by the leading-group
/// office and the auditors of a jurisdiction: those naming a county within it, and those naming no county one could
/// recognise (a robot's), which belong to no city. Nobody else reads them.
/// </summary>
public sealed class RefusedSubmissionLog(CapacityExitDbContext db, CaseReadAccess access)
{
    public static readonly IReadOnlyList<string> Reasons = [PublicReportService.RateLimited, PublicReportService.Robot];

    public async Task<(IReadOnlyList<RefusedSubmission> Rows, int Total)> QueryAsync(string? login, RefusedFilter filter, CancellationToken cancellationToken)
    {
        var query = await FilteredAsync(login, filter, cancellationToken);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Project(query.Skip(Math.Max(0, filter.Page) * RefusedFilter.PageSize).Take(RefusedFilter.PageSize)).ToListAsync(cancellationToken);
        return (rows, total);
    }

    /// <summary>Every row of the filter (all pages), for the .xlsx.</summary>
    public async Task<IReadOnlyList<RefusedSubmission>> AllAsync(string? login, RefusedFilter filter, CancellationToken cancellationToken) =>
        await Project(await FilteredAsync(login, filter, cancellationToken)).ToListAsync(cancellationToken);

    /// <summary>
    /// The addresses and days past the bound (<see cref="PublicReportService.RefusedKeptInFullPerAddressAndDay"/>), newest
    /// first, within the filter's days: their submissions beyond the bound were counted, not kept. Like a robot's, a count
    /// names no county, so every office and auditor who reads refused reports reads them.
    /// </summary>
    public async Task<IReadOnlyList<RefusedTally>> CountedOnlyAsync(string? login, RefusedFilter filter, CancellationToken cancellationToken)
    {
        await FilteredAsync(login, filter with { Reason = null }, cancellationToken); // the same reader and day checks
        var query = db.RefusedSubmissionTallies.AsNoTracking().Where(t => t.Refused > PublicReportService.RefusedKeptInFullPerAddressAndDay);
        if (filter.From is { } from)
        {
            query = query.Where(t => t.Day >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(t => t.Day <= to);
        }

        return await query.OrderByDescending(t => t.Day).ThenByDescending(t => t.Refused).Take(RefusedFilter.PageSize)
            .Select(t => new RefusedTally(t.Day, t.Address, t.Refused, PublicReportService.RefusedKeptInFullPerAddressAndDay))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The reason in the reader's words, short (a list's cell).</summary>
    public static (string Zh, string En) ReasonText(string? reason) => reason switch
    {
        PublicReportService.RateLimited => ("提交过于频繁", "rate limit"),
        PublicReportService.Robot => ("疑似机器提交", "robot"),
        _ => (reason ?? "", reason ?? ""),
    };

    /// <summary>What the reason means (a filter's choice, a cell's explanation).</summary>
    public static (string Zh, string En) ReasonExplained(string? reason) => reason switch
    {
        PublicReportService.RateLimited => ("提交过于频繁（同一地址一分钟内超过限额）", "too many from one address in a minute (rate limit)"),
        PublicReportService.Robot => ("疑似机器提交（填写了网页上看不见的字段）", "looks like a robot (it filled the field people never see)"),
        _ => (reason ?? "", reason ?? ""),
    };

    private async Task<IQueryable<PublicReport>> FilteredAsync(string? login, RefusedFilter filter, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken);
        if (person is null || person.Role is not (Role.LeadingGroupOffice or Role.Auditor))
        {
            throw new WorkflowRuleException("role-not-allowed", "只有领导小组办公室和审计员可以查看未受理的举报", "only the leading-group office and auditors read refused reports");
        }

        var errors = new List<ValidationError>();
        if (filter.Reason is { } r && !Reasons.Contains(r))
        {
            errors.Add(new("reason", $"“{Cut(r)}”不是未受理的原因，应为 rate-limit 或 robot", $"'{Cut(r)}' is not a reason for refusal: rate-limit or robot"));
        }

        if (filter.From is { } f && filter.To is { } t && t < f)
        {
            errors.Add(new("to", $"结束日期{t:yyyy-MM-dd}早于开始日期{f:yyyy-MM-dd}", $"{t:yyyy-MM-dd} is before {f:yyyy-MM-dd}"));
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        // The scope rule (docs/security.md): the refused reports of counties in the person's jurisdiction. One that names no
        // county belongs to no jurisdiction; every city's office and auditor once read those.
        var within = (await access.ReadableAsync(person, cancellationToken)).ToList();
        var query = db.PublicReports.AsNoTracking()
            .Where(p => p.Status == PublicReportStatus.Refused && p.CountyId != null && within.Contains(p.CountyId.Value));
        if (filter.Reason is { } reason)
        {
            query = query.Where(p => p.RefusedBecause == reason);
        }

        if (filter.From is { } from)
        {
            var start = StartOfDay(from);
            query = query.Where(p => p.SubmittedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            query = query.Where(p => p.SubmittedAt < end);
        }

        return query.OrderByDescending(p => p.SubmittedAt).ThenByDescending(p => p.Id);
    }

    private IQueryable<RefusedSubmission> Project(IQueryable<PublicReport> query) => query.Select(p => new RefusedSubmission(
        p.Id, p.SubmittedAt, p.ClientAddress, p.RefusedBecause ?? "", p.Enterprise,
        db.Jurisdictions.Where(j => j.Id == p.CountyId).Select(j => j.NameZh).FirstOrDefault(),
        p.Place, p.Standard, p.WhatWasSeen, p.Contact));

    private static DateTimeOffset StartOfDay(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Zone), TimeSpan.Zero);

    private static string Cut(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
