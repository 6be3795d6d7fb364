using CapacityExit.Workflow.Core.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CapacityExit.Workflow.Web.Api;

public sealed record EscalationStep(string Step, string TitleZh, string TitleEn, DateOnly TakenOn);

/// <summary>One report a filer owes its city's leading-group office in the year: due when, received or how late.</summary>
public sealed record ReportItem(string Report, string Title, int Year, string City, string Filer, string FilerName, DateOnly LastDay, ReportState State,
    int WorkingDaysLate, long? ReceiptId, DateTimeOffset? SubmittedAt, string? RecordedBy, string? Note, IReadOnlyList<EscalationStep> Steps);

public sealed record ReportList(string City, int Year, IReadOnlyList<ReportItem> Rows);

/// <summary>A filing: which report (its name), for which year, for which filer (its key, e.g. jurisdiction:12), with a note.</summary>
public sealed record ReportFilingRequest(string? Report, int? Year, string? Filer, string? Note);

public static class ReportEndpoints
{
    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/reports", ListAsync).InArea("Reports", true).WithName("ListReports").WithSummary("报送情况 · What each filer owes this year, received or how late")
            .WithProblems(400, 401, 403);
        api.MapPost("/reports", FileAsync).InArea("Reports", true).WithName("FileReport").WithSummary("报送登记 · Record a report as received")
            .Accepts<ReportFilingRequest>("application/json").WithProblems(400, 401, 403, 409, 415);
        api.MapGet("/reports/receipts/{id:long}", ReceiptAsync).InArea("Reports", true).WithName("GetReportReceipt").WithSummary("回执 · The receipt of a filing")
            .WithProblems(401, 404); // another city's or filer's receipt reads as absent (docs/security.md)
    }

    public static ReportItem Item(ReportStatus row)
    {
        var o = row.Obligation;
        return new ReportItem(o.Report.Name, o.Report.Title, o.Year, o.CityName, o.Filer.Key, o.Filer.NameZh, o.Deadline.LastDay, row.State, row.WorkingDaysLate,
            row.Submission?.Id, row.Submission?.SubmittedAt, row.Submission?.RecordedBy, row.Submission?.Note,
            row.Steps.Select(s => (s, ReportingService.StepTitle(s.Step))).Select(x => new EscalationStep(x.s.Step, x.Item2.Zh, x.Item2.En, x.s.TakenOn)).ToList());
    }

    private static async Task<Ok<ReportList>> ListAsync([FromQuery(Name = "year")] string? year, HttpContext http, ReportingService reporting,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var y = ApiQuery.Year(year, time);
        var (city, rows) = await reporting.StatusForAsync(http.User.Identity?.Name ?? "", y, cancellationToken);
        return TypedResults.Ok(new ReportList(city.NameZh, y, rows.Select(Item).ToList()));
    }

    private static async Task<Created<ReportItem>> FileAsync(HttpRequest request, ReportingService reporting, Core.Cases.CaseReadAccess access, CancellationToken cancellationToken)
    {
        var login = request.HttpContext.User.Identity?.Name ?? "";
        if (!ReportingService.FilesReports((await access.PersonAsync(login, cancellationToken)).Role))
        {
            throw ApiProblems.Refused(); // a role that files nothing is refused before its data is read
        }

        var body = await ApiBody.ReadAsync<ReportFilingRequest>(request, cancellationToken);
        var submission = await reporting.SubmitAsync(login, new ReportFiling(body.Report ?? "", body.Year ?? 0, body.Filer, body.Note), cancellationToken);
        var receipt = await reporting.ReceiptAsync(login, submission.Id, cancellationToken) ?? throw ApiProblems.Missing("回执", "receipt");
        return TypedResults.Created($"/api/reports/receipts/{submission.Id}", Item(receipt));
    }

    private static async Task<Ok<ReportItem>> ReceiptAsync(long id, HttpContext http, ReportingService reporting, CancellationToken cancellationToken) =>
        TypedResults.Ok(Item(await reporting.ReceiptAsync(http.User.Identity?.Name ?? "", id, cancellationToken) ?? throw ApiProblems.Missing("回执", "receipt")));
}
