using System.Security.Cryptography;
using System.Text;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Agenda;

/// <summary>Narrows a calendar to one bureau or one county (null: all the person may see).</summary>
public sealed record AgendaFilter(int? BureauId = null, int? CountyId = null);

/// <summary>A choice in a filter: an id and its name.</summary>
public sealed record AgendaChoice(int Id, string Name);

/// <summary>A person's calendar for some days: the items, soonest first, and the bureaus and counties to filter by.</summary>
public sealed record AgendaView(Person Person, DateOnly From, DateOnly Until, IReadOnlyList<AgendaItem> Items,
    IReadOnlyList<AgendaChoice> Bureaus, IReadOnlyList<AgendaChoice> Counties);

/// <summary>
/// 日程: everything due for a person — from every registered <see cref="IAgendaSource"/> — as the month view, the agenda
/// and the iCalendar feed show it, by bureau or county when asked. What a person sees is what the sources let them see
/// (their read scope, <see cref="CaseReadAccess"/>).
/// </summary>
public sealed class AgendaService(CapacityExitDbContext db, IEnumerable<IAgendaSource> sources)
{
    /// <summary>At most this many days at once (a little over a year): a calendar, not an export of the archive.</summary>
    public const int MaxDays = 400;

    public async Task<AgendaView> ForAsync(string? login, DateOnly from, DateOnly until, AgendaFilter filter, CancellationToken cancellationToken) =>
        await ForAsync(await new CaseReadAccess(db).PersonAsync(login, cancellationToken), from, until, filter, cancellationToken);

    public async Task<AgendaView> ForAsync(Person person, DateOnly from, DateOnly until, AgendaFilter filter, CancellationToken cancellationToken)
    {
        if (until < from || until.DayNumber - from.DayNumber > MaxDays)
        {
            throw DomainValidationException.Single("until", $"日期范围应从{from:yyyy-MM-dd}起、不超过{MaxDays}天", $"the range must start at {from:yyyy-MM-dd} and span at most {MaxDays} days");
        }

        var scope = new AgendaScope(person, from, until);
        var all = new List<AgendaItem>();
        foreach (var source in sources)
        {
            all.AddRange(await source.ItemsAsync(scope, cancellationToken));
        }

        var bureaus = all.Where(i => i.BureauId is not null).Select(i => new AgendaChoice(i.BureauId!.Value, i.BureauName ?? "")).DistinctBy(c => c.Id)
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var counties = all.Where(i => i.CountyId is not null).Select(i => new AgendaChoice(i.CountyId!.Value, i.CountyName ?? "")).DistinctBy(c => c.Id)
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var items = all.Where(i => (filter.BureauId is null || i.BureauId == filter.BureauId) && (filter.CountyId is null || i.CountyId == filter.CountyId))
            .DistinctBy(i => i.Uid).OrderBy(i => i.Day).ThenBy(i => i.Kind).ThenBy(i => i.Subject, StringComparer.Ordinal).ThenBy(i => i.Uid, StringComparer.Ordinal)
            .ToList();
        return new AgendaView(person, from, until, items, bureaus, counties);
    }
}

/// <summary>
/// The secret address of a person's calendar feed: a random token shown once, kept only as its SHA-256. Renewing makes
/// a new one (the old address then answers 404), revoking removes it.
/// </summary>
public sealed class CalendarFeedTokens(CapacityExitDbContext db, TimeProvider time)
{
    /// <summary>Makes (or replaces) the person's token; returns it — the only time it is known in clear.</summary>
    public async Task<string> RenewAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await new CaseReadAccess(db).PersonAsync(login, cancellationToken);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var row = await db.CalendarFeedTokens.SingleOrDefaultAsync(t => t.PersonId == person.Id, cancellationToken);
        if (row is null)
        {
            db.CalendarFeedTokens.Add(new CalendarFeedToken { PersonId = person.Id, TokenHash = Hash(token), CreatedAt = time.GetUtcNow() });
        }
        else
        {
            row.TokenHash = Hash(token);
            row.CreatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task RevokeAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await new CaseReadAccess(db).PersonAsync(login, cancellationToken);
        await db.CalendarFeedTokens.Where(t => t.PersonId == person.Id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>When the person's current address was made; null when they have none.</summary>
    public async Task<DateTimeOffset?> IssuedAtAsync(string? login, CancellationToken cancellationToken) =>
        await db.CalendarFeedTokens.Where(t => db.People.Any(p => p.Id == t.PersonId && p.Login == login))
            .Select(t => (DateTimeOffset?)t.CreatedAt).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The person a token belongs to; null for a wrong, renewed or revoked token.</summary>
    public async Task<Person?> PersonAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        return await db.People.AsNoTracking()
            .Where(p => db.CalendarFeedTokens.Any(t => t.PersonId == p.Id && t.TokenHash == hash))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
