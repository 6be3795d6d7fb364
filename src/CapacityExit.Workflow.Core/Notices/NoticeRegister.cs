using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>A notice as the register lists it: number, date, what, about whom, to whom.</summary>
public sealed record NoticeEntry(
    long Id, string Kind, string DocumentNumber, DateOnly IssuedOn, string Title, string Laggard, string MainRecipients, string CopyTo,
    long? CaseId, string Region, IReadOnlyList<MailRecipient> To, IReadOnlyList<MailRecipient> Cc, DateTimeOffset? MeetingAt, string? Place);

/// <summary>A notice's .docx with the file name it is saved under.</summary>
public sealed record NoticeFile(string FileName, byte[] Content);

/// <summary>
/// The register of issued 通报 and 约谈 and their documents. Who may read a notice: whoever's jurisdiction holds
/// the notice's region (the case's county, or the city for a bureau's), the same tree as for cases
/// (the scope rule, <see cref="CaseReadAccess"/>): a city's office, bureaus, supervisor and auditor read the
/// whole city's (a 通报 goes to every member unit), a county officer their county's.
/// </summary>
public sealed class NoticeRegister(CapacityExitDbContext db, CaseReadAccess access)
{
    public const int PageSize = 50;

    public async Task<(IReadOnlyList<NoticeEntry> Rows, int Total)> PageAsync(string? login, int page, CancellationToken cancellationToken)
    {
        var within = await WithinAsync(login, cancellationToken);
        var query = db.Set<IssuedNotice>().AsNoTracking().Where(n => within.Contains(n.JurisdictionId));
        var total = await query.CountAsync(cancellationToken);
        var rows = await (
            from n in query
            join j in db.Jurisdictions on n.JurisdictionId equals j.Id
            orderby n.IssuedAt descending, n.Id descending
            select new { Notice = n, Region = j.NameZh })
            .Skip(Math.Max(0, page) * PageSize).Take(PageSize)
            .Select(x => new
            {
                x.Notice.Id, x.Notice.Kind, x.Notice.DocumentNumber, x.Notice.IssuedOn, x.Notice.Title, x.Notice.Laggard, x.Notice.MainRecipients,
                x.Notice.CopyTo, x.Notice.CaseId, x.Region, x.Notice.Recipients, x.Notice.MeetingAt, x.Notice.Place,
            })
            .ToListAsync(cancellationToken);
        return (rows.Select(r => new NoticeEntry(r.Id, r.Kind, r.DocumentNumber, r.IssuedOn, r.Title, r.Laggard, r.MainRecipients, r.CopyTo, r.CaseId, r.Region,
            NoticeService.RecipientsOf(r.Recipients, copy: false), NoticeService.RecipientsOf(r.Recipients, copy: true), r.MeetingAt, r.Place)).ToList(), total);
    }

    /// <summary>
    /// The notice's .docx, or null when there is no such notice in the person's scope: one of another jurisdiction reads
    /// exactly as one that does not exist (the scope rule, <see cref="CaseReadAccess"/>).
    /// </summary>
    public async Task<NoticeFile?> DocumentAsync(string? login, long id, CancellationToken cancellationToken)
    {
        var within = await WithinAsync(login, cancellationToken);
        var notice = await db.Set<IssuedNotice>().AsNoTracking().Where(n => n.Id == id && within.Contains(n.JurisdictionId))
            .Select(n => new { n.DocumentNumber, n.Kind, n.Docx }).SingleOrDefaultAsync(cancellationToken);
        if (notice is null)
        {
            return null;
        }

        // 郴淘汰办〔2026〕3号 → 郴淘汰办2026-3号: brackets and the like make poor file names on an office PC.
        var name = new string(notice.DocumentNumber.Select(c => c is '〔' or '〕' ? '-' : c).ToArray()).Replace("--", "-").Trim('-');
        var kind = Templates.MessageKinds.NoticeTitle(notice.Kind);
        return new NoticeFile($"{kind}-{name}.docx", notice.Docx);
    }

    private async Task<List<int>> WithinAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        return (await access.ReadableAsync(person, cancellationToken)).ToList();
    }
}
