using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Spreadsheets;
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

/// <summary>One of the lists the seeds ask to publish besides, of a city and year, with the columns of its public page.</summary>
public sealed record PublishedRows<T>(string City, string CityCode, int Year, IReadOnlyList<T> Rows);

/// <summary>A line of 超标排放企业名单 as /public/over-emission shows it; <c>serious</c>: on 超标排放情节严重的企业名单.</summary>
public sealed record OverEmissionLine(string Enterprise, string CreditCode, string County, string Item, string IndustryZh, bool Serious, string ListZh,
    DateOnly FindingDate, string StepTitle)
{
    public static OverEmissionLine Of(PublicListEntry e) =>
        new(e.Enterprise, e.CreditCode, e.County, e.Item, e.Industry.Zh(), e.Serious, e.Serious ? "超标排放情节严重" : "超标排放", e.FindingDate, e.Step);
}

/// <summary>A line of 封存设备公告 as /public/sealed-equipment shows it; <c>noticePath</c> is the notice's own public page.</summary>
public sealed record SealedEquipmentLine(string Enterprise, string CreditCode, string County, string Item, string IndustryZh, decimal Amount, string Unit,
    DateOnly? NoticedOn, DateOnly? DemolitionDate, string StepTitle, string? GovernmentNoticeUrl, string NoticePath)
{
    public static SealedEquipmentLine Of(PublicListEntry e) => new(e.Enterprise, e.CreditCode, e.County, e.Item, e.Industry.Zh(), e.Amount, e.Unit,
        e.NoticedOn, e.DemolitionDate, e.Step, e.GovernmentNoticeUrl, $"/public/sealed-equipment/{e.CaseId}");
}

/// <summary>A line of 落后产能摸排结果公示 as /public/census shows it.</summary>
public sealed record CensusLine(string Enterprise, string CreditCode, string County, string Item, string IndustryZh, decimal Amount, string Unit,
    string StandardZh, DateOnly FindingDate, string StepTitle)
{
    public static CensusLine Of(PublicListEntry e) =>
        new(e.Enterprise, e.CreditCode, e.County, e.Item, e.Industry.Zh(), e.Amount, e.Unit, e.Standard.Zh(), e.FindingDate, e.Step);
}

/// <summary>A county's annual target and its completion as /public/targets shows it (000 §三.2); never who set it.</summary>
public sealed record TargetCompletionLine(string County, string Description, decimal Amount, string Unit, DateOnly DueOn, decimal ExitedByDue,
    decimal ExitedToDate, TargetCompletion Completion, string CompletionZh)
{
    public static TargetCompletionLine Of(PublicTargetLine t) => new(t.County, t.Description, t.Amount, t.Unit, t.DueOn, t.ExitedByDue, t.ExitedToDate,
        t.Completion, ListExports.TargetCompletionZh(t.Completion));
}

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
        api.MapGet("/public/over-emission", (string? city, string? year, PublicListService s, TimeProvider t, CancellationToken c) =>
                RowsAsync(PublicList.OverEmission, OverEmissionLine.Of, city, year, s, t, c))
            .InArea("Public lists", false).WithName("GetOverEmission")
            .WithSummary("超标排放企业名单 · Enterprises emitting over the standards, the serious ones marked, found in the year (as /public/over-emission)").WithProblems(400);
        api.MapGet("/public/sealed-equipment", (string? city, string? year, PublicListService s, TimeProvider t, CancellationToken c) =>
                RowsAsync(PublicList.SealedEquipment, SealedEquipmentLine.Of, city, year, s, t, c))
            .InArea("Public lists", false).WithName("GetSealedEquipment")
            .WithSummary("封存设备公告 · Equipment sealed until its demolition, by the year of the notice (as /public/sealed-equipment)").WithProblems(400);
        api.MapGet("/public/census", (string? city, string? year, PublicListService s, TimeProvider t, CancellationToken c) =>
                RowsAsync(PublicList.Census, CensusLine.Of, city, year, s, t, c))
            .InArea("Public lists", false).WithName("GetCensusResults")
            .WithSummary("摸排结果公示 · The backward capacity found in the year and where it stands (as /public/census)").WithProblems(400);
        api.MapGet("/public/targets", TargetsAsync)
            .InArea("Public lists", false).WithName("GetTargetCompletion")
            .WithSummary("年度淘汰落后产能任务完成情况 · Each county's annual exit targets and their completion (as /public/targets)").WithProblems(400);
    }

    private static async Task<Ok<PublishedRows<T>>> RowsAsync<T>(PublicList list, Func<PublicListEntry, T> line, string? city, string? year,
        PublicListService lists, TimeProvider time, CancellationToken cancellationToken)
    {
        var y = ApiQuery.Year(year, time);
        var found = await lists.CityAsync(city, cancellationToken);
        var rows = await lists.ListAsync(list, found.Id, y, cancellationToken);
        return TypedResults.Ok(new PublishedRows<T>(found.Name, found.Code, y, rows.Select(line).ToList()));
    }

    private static async Task<Ok<PublishedRows<TargetCompletionLine>>> TargetsAsync([FromQuery] string? city, [FromQuery] string? year, PublicListService lists,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var y = ApiQuery.Year(year, time);
        var found = await lists.CityAsync(city, cancellationToken);
        var rows = await lists.TargetsAsync(found.Id, y, Domain.Deadlines.ChinaTime.Today(time), cancellationToken);
        return TypedResults.Ok(new PublishedRows<TargetCompletionLine>(found.Name, found.Code, y, rows.Select(TargetCompletionLine.Of).ToList()));
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
