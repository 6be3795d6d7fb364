using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>
/// A line of a published list (年度退出名单, 红牌/黄牌名单): the enterprise and its capacity as the public sees them,
/// never an officer, a mailbox, a document or the history. <see cref="On"/> is the exit's acceptance day (exit list)
/// or the day the card was given (card lists), Beijing time.
/// </summary>
public sealed record PublicListLine(
    string Enterprise, string CreditCode, string County, string Item, string IndustryZh, decimal Amount, string Unit, string StandardZh,
    Card Card, string StepTitle, DateOnly On, string? ExitMeans);

/// <summary>Which published list.</summary>
public enum PublishedListKind
{
    ExitList,
    RedCards,
    YellowCards,
}

/// <summary>
/// The published lists of a city and year, derived from case state by <see cref="CaseStanding"/> exactly as
/// <c>case show</c> and the case page derive a case's standing (the state's card and its 'lists'), never typed by
/// hand. The exit list holds the cases on <c>annual-exit-list</c> whose exit was accepted in the year (001 §五.(三),
/// 002 §二.(二).6); a card list holds the cases that stand on that card now and got it in the year (001 §五.(四)).
/// </summary>
public sealed class PublicListQuery(CapacityExitDbContext db, CaseReadAccess access, WorkflowRuntime runtime)
{
    public const string AnnualExitList = "annual-exit-list";

    /// <summary>The city by its division code, or a refusal naming the field <c>city</c>.</summary>
    public async Task<Data.Model.Jurisdiction> CityAsync(string? code, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(code)
            ? throw DomainValidationException.Single("city", "请指定城市（行政区划代码，如 431000）", "name the city (its division code, e.g. 431000)")
            : code.Length > 12 || InputText.HasControlCharacters(code) // never sent to the database (PostgreSQL refuses a NUL in text)
                ? throw DomainValidationException.Single("city", $"“{Cut(code)}”不是行政区划代码（如 431000）", $"'{Cut(code)}' is not a division code (e.g. 431000)")
            : await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == code && j.Level == JurisdictionLevel.PrefectureCity, cancellationToken)
              ?? throw DomainValidationException.Single("city", $"没有行政区划代码为“{Cut(code)}”的城市", $"no city with the division code '{Cut(code)}'");

    public async Task<IReadOnlyList<PublicListLine>> ListAsync(PublishedListKind list, int cityId, int year, CancellationToken cancellationToken)
    {
        // The states (of every definition version) that can put a case on this list; the standing decides each case.
        var keys = runtime.Catalog.Definitions.SelectMany(d => d.States.Values
                .Where(s => list switch
                {
                    PublishedListKind.ExitList => s.PublicLists.Contains(AnnualExitList),
                    PublishedListKind.RedCards => s.Card == Card.Red && !s.IsFinal,
                    _ => s.Card == Card.Yellow && !s.IsFinal,
                })
                .Select(s => $"{d.Id}:{d.Version}:{s.Name}"))
            .ToList();
        var within = (await access.JurisdictionsWithinAsync(cityId, cancellationToken)).ToList();
        var rows = await (
            from c in db.Cases.AsNoTracking()
            join i in db.WorkflowInstances.AsNoTracking() on c.Id equals i.CaseId
            where within.Contains(c.CapacityItem!.Enterprise!.CountyId) && keys.Contains(i.DefinitionId + ":" + i.Version + ":" + i.State)
            orderby c.CapacityItem!.Enterprise!.Name, c.Id
            select new
            {
                c.Id, Enterprise = c.CapacityItem!.Enterprise!.Name, c.CapacityItem.Enterprise.CreditCode, County = c.CapacityItem.Enterprise.County!.NameZh,
                c.CapacityItem.Description, c.CapacityItem.Enterprise.Industry, c.CapacityItem.Amount, c.CapacityItem.Unit, c.Standard,
                i.DefinitionId, i.Version, i.State, i.Variables, i.FinishedAt,
            }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var history = (await db.CaseHistory.AsNoTracking().Where(h => ids.Contains(h.CaseId)).OrderBy(h => h.Id)
                .Select(h => new { h.CaseId, h.At, h.FromState, h.ToState }).ToListAsync(cancellationToken))
            .ToLookup(h => h.CaseId);

        var lines = new List<PublicListLine>();
        foreach (var r in rows)
        {
            var definition = runtime.Catalog.Get(r.DefinitionId, r.Version);
            var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Variables) ?? [];
            var standing = CaseStanding.Of(definition, r.State, variables);
            var on = list == PublishedListKind.ExitList
                ? Day(r.FinishedAt ?? history[r.Id].LastOrDefault()?.At)
                : Day(CardSince(definition, standing.Card, history[r.Id].Select(h => (h.At, h.ToState)).ToList()));
            var belongs = list switch
            {
                PublishedListKind.ExitList => standing.PublicLists.Contains(AnnualExitList),
                PublishedListKind.RedCards => standing.PublicLists.Contains(CaseStanding.RedCardList),
                _ => standing.PublicLists.Contains(CaseStanding.YellowCardList),
            };
            if (belongs && on is { } day && day.Year == year)
            {
                lines.Add(new PublicListLine(r.Enterprise, r.CreditCode, r.County, r.Description, r.Industry.Zh(), r.Amount, r.Unit, r.Standard.Zh(),
                    standing.Card, definition.States.TryGetValue(r.State, out var s) ? s.Title : r.State, day,
                    list == PublishedListKind.ExitList ? ExitMeans(definition, r.State, history[r.Id].Select(h => (h.FromState, h.ToState)).ToList(), variables) : null));
            }
        }

        return lines;
    }

    /// <summary>
    /// How the capacity went: the step that led into the acceptance (e.g. 立即拆除主体设备, or 关停：断电、断水…), as its
    /// definition names it, with the closure measures recorded there if any.
    /// </summary>
    private static string? ExitMeans(WorkflowDefinition definition, string final, IReadOnlyList<(string From, string To)> history, IReadOnlyDictionary<string, string> variables)
    {
        var accepted = history.LastOrDefault(h => h.To == final && h.From != final).From;
        var means = accepted is null ? null : history.LastOrDefault(h => h.To == accepted && h.From != accepted && h.From.Length > 0).From;
        var title = means is not null && definition.States.TryGetValue(means, out var s) ? s.Title : null;
        return variables.GetValueOrDefault("measures") is { Length: > 0 } measures ? title is null ? measures : $"{title}（{measures}）" : title;
    }

    /// <summary>When the case entered the unbroken run of steps that give it its present card.</summary>
    private static DateTimeOffset? CardSince(WorkflowDefinition definition, Card card, IReadOnlyList<(DateTimeOffset At, string ToState)> history)
    {
        DateTimeOffset? since = null;
        for (var n = history.Count - 1; n >= 0; n--)
        {
            if (!definition.States.TryGetValue(history[n].ToState, out var s) || s.Card != card)
            {
                break;
            }

            since = history[n].At;
        }

        return since;
    }

    private static DateOnly? Day(DateTimeOffset? at) => at is { } t ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, ChinaTime.Zone).DateTime) : null;

    private static string Cut(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
