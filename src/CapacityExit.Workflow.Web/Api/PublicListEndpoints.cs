using CapacityExit.Workflow.Core.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CapacityExit.Workflow.Web.Api;

public sealed record PublishedList(string City, string CityCode, int Year, IReadOnlyList<PublicListLine> Rows);

/// <summary>The published lists, open without a token as on the government website: nothing internal is in them (<see cref="PublicListLine"/>).</summary>
public static class PublicListEndpoints
{
    public static void MapPublicListEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/public/exit-list", (string? city, string? year, PublicListQuery q, TimeProvider t, CancellationToken c) => ListAsync(PublishedListKind.ExitList, city, year, q, t, c))
            .InArea("Public lists", false).WithName("GetExitList").WithSummary("年度退出名单 · The year's exit list of a city (accepted exits)").WithProblems(400);
        api.MapGet("/public/red-cards", (string? city, string? year, PublicListQuery q, TimeProvider t, CancellationToken c) => ListAsync(PublishedListKind.RedCards, city, year, q, t, c))
            .InArea("Public lists", false).WithName("GetRedCards").WithSummary("红牌名单 · Enterprises on a red card (ordered to close), carded in the year").WithProblems(400);
        api.MapGet("/public/yellow-cards", (string? city, string? year, PublicListQuery q, TimeProvider t, CancellationToken c) => ListAsync(PublishedListKind.YellowCards, city, year, q, t, c))
            .InArea("Public lists", false).WithName("GetYellowCards").WithSummary("黄牌名单 · Enterprises on a yellow card (to rectify by a deadline), carded in the year").WithProblems(400);
    }

    private static async Task<Ok<PublishedList>> ListAsync(PublishedListKind list, [FromQuery] string? city, [FromQuery] string? year, PublicListQuery query,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var y = ApiQuery.Year(year, time);
        var found = await query.CityAsync(city, cancellationToken);
        return TypedResults.Ok(new PublishedList(found.NameZh, found.Code, y, await query.ListAsync(list, found.Id, y, cancellationToken)));
    }
}
