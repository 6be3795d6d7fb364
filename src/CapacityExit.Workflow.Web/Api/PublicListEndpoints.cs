using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>
/// A line of a published list as a program reads it: the columns of the public page (<see cref="PublicListEntry"/>),
/// never an officer, a mailbox, a document or the history. <c>acceptedOn</c> is the exit's acceptance day (exit list
/// only); <c>caseId</c> names the closure notice at <c>/public/closures/{caseId}</c>.
/// </summary>
public sealed record PublicListLine(
    long CaseId, string Enterprise, string CreditCode, string County, string Item, string IndustryZh, decimal Amount, string Unit,
    string StandardZh, string StepTitle, DateOnly FindingDate, string? ExitMeans, DateOnly? AcceptedOn)
{
    public static PublicListLine Of(PublicListEntry e) => new(
        e.CaseId, e.Enterprise, e.CreditCode, e.County, e.Item, e.Industry.Zh(), e.Amount, e.Unit, e.Standard.Zh(), e.Step, e.FindingDate, e.HowExited, e.AcceptedOn);
}

public sealed record PublishedList(string City, string CityCode, int Year, IReadOnlyList<PublicListLine> Rows);

/// <summary>
/// The published lists, open without a token as on the government website, through <see cref="PublicListService"/> —
/// the rule the public pages use: the exit list by the year of acceptance, the card lists by the year of the finding.
/// </summary>
public static class PublicListEndpoints
{
    public static void MapPublicListEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/public/exit-list", (string? city, string? year, PublicListService s, TimeProvider t, CancellationToken c) => ListAsync(PublicList.ExitList, city, year, s, t, c))
            .InArea("Public lists", false).WithName("GetExitList").WithSummary("年度退出名单 · The city's exits accepted in the year (as /public/exit-list)").WithProblems(400);
        api.MapGet("/public/red-cards", (string? city, string? year, PublicListService s, TimeProvider t, CancellationToken c) => ListAsync(PublicList.RedCards, city, year, s, t, c))
            .InArea("Public lists", false).WithName("GetRedCards").WithSummary("红牌名单 · Enterprises on a red card now, found in the year (as /public/red-list)").WithProblems(400);
        api.MapGet("/public/yellow-cards", (string? city, string? year, PublicListService s, TimeProvider t, CancellationToken c) => ListAsync(PublicList.YellowCards, city, year, s, t, c))
            .InArea("Public lists", false).WithName("GetYellowCards").WithSummary("黄牌名单 · Enterprises on a yellow card now, found in the year (as /public/yellow-list)").WithProblems(400);
    }

    private static async Task<Ok<PublishedList>> ListAsync(PublicList list, [FromQuery] string? city, [FromQuery] string? year, PublicListService lists,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var y = ApiQuery.Year(year, time);
        var found = await lists.CityAsync(city, cancellationToken);
        var rows = await lists.ListAsync(list, found.Id, y, cancellationToken);
        return TypedResults.Ok(new PublishedList(found.Name, found.Code, y, rows.Select(PublicListLine.Of).ToList()));
    }
}
