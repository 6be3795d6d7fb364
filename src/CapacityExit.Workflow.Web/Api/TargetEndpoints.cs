using CapacityExit.Workflow.Core.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>A county's exit target for the year and the capacity its cases have exited, by the due day and to date.</summary>
public sealed record TargetItem(long Id, string Region, int Year, string Description, decimal Amount, string Unit, DateOnly DueOn, decimal ExitedByDue,
    decimal ExitedToDate, TargetState State, IReadOnlyList<EscalationStep> Steps);

public sealed record TargetList(string City, int Year, IReadOnlyList<TargetItem> Rows);

/// <summary>A target the office sets: the county (division code), the year, what and how much, and the day it is due (the year's end if none).</summary>
public sealed record TargetRequest(string? County, int? Year, string? Description, decimal? Amount, string? Unit, DateOnly? Due);

public static class TargetEndpoints
{
    public static void MapTargetEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/targets", ListAsync).InArea("Targets", true).WithName("ListTargets").WithSummary("目标任务 · The year's exit targets of your city and their progress")
            .WithProblems(400, 401, 403);
        api.MapPost("/targets", SetAsync).InArea("Targets", true).WithName("SetTarget").WithSummary("下达目标 · Set a county's annual exit target (leading-group office)")
            .Accepts<TargetRequest>("application/json").WithProblems(400, 401, 403, 409, 415);
    }

    private static TargetItem Item(TargetStatus row)
    {
        var p = row.Progress;
        return new TargetItem(p.Target.Id, p.RegionZh, p.Target.Year, p.Target.Description, p.Target.Amount, p.Target.Unit, p.Target.DueOn, p.ExitedByDue,
            p.ExitedToDate, row.State, row.Steps.Select(s => (s, ReportingService.StepTitle(s.Step))).Select(x => new EscalationStep(x.s.Step, x.Item2.Zh, x.Item2.En, x.s.TakenOn)).ToList());
    }

    private static async Task<Ok<TargetList>> ListAsync([FromQuery(Name = "year")] string? year, HttpContext http, ReportingService reporting,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var y = ApiQuery.Year(year, time);
        var (city, rows) = await reporting.TargetsForAsync(http.User.Identity?.Name ?? "", y, cancellationToken);
        return TypedResults.Ok(new TargetList(city.NameZh, y, rows.Select(Item).ToList()));
    }

    private static async Task<Created<TargetItem>> SetAsync(HttpRequest request, ReportingService reporting, CancellationToken cancellationToken)
    {
        var login = request.HttpContext.User.Identity?.Name ?? "";
        if ((await reporting.TargetCountiesAsync(login, cancellationToken)).Count == 0)
        {
            throw ApiProblems.Refused(); // as the page: only who may set a target somewhere gets to the form's checks
        }

        var body = await ApiBody.ReadAsync<TargetRequest>(request, cancellationToken);
        if (body.Year is null || body.Amount is null)
        {
            throw new Domain.Registry.DomainValidationException([
                .. body.Year is null ? [new Domain.Registry.ValidationError("year", "请填写年度，如 2026", "give the year, e.g. 2026")] : Array.Empty<Domain.Registry.ValidationError>(),
                .. body.Amount is null ? [new Domain.Registry.ValidationError("amount", "请填写目标产能，如 12.5", "give the amount, e.g. 12.5")] : Array.Empty<Domain.Registry.ValidationError>(),
            ]);
        }

        var target = await reporting.SetTargetAsync(login, new TargetInput(body.County ?? "", body.Year.Value, body.Description ?? "", body.Amount.Value,
            body.Unit ?? "", body.Due), cancellationToken);
        var (_, rows) = await reporting.TargetsForAsync(login, target.Year, cancellationToken);
        var row = rows.FirstOrDefault(r => r.Progress.Target.Id == target.Id) ?? throw ApiProblems.Missing("目标", "target");
        return TypedResults.Created($"/api/targets?year={target.Year}", Item(row));
    }
}
