using CapacityExit.Workflow.Core.Notices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CapacityExit.Workflow.Web.Api;

public sealed record NoticePage(int Total, int Page, int PageSize, IReadOnlyList<NoticeEntry> Rows);

public static class NoticeEndpoints
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void MapNoticeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/notices", ListAsync).InArea("Notices", true).WithName("ListNotices").WithSummary("通报与约谈 · The 通报 and 约谈 of your jurisdiction, newest first")
            .WithProblems(400, 401);
        api.MapGet("/notices/{id:long}/docx", DocxAsync).InArea("Notices", true).WithName("GetNoticeDocx").WithSummary("通报文书 · A notice's .docx")
            .Produces(200, contentType: DocxType).WithProblems(401, 404); // another jurisdiction's reads as absent
    }

    private static async Task<Ok<NoticePage>> ListAsync([FromQuery(Name = "page")] string? page, HttpContext http, NoticeRegister register,
        CancellationToken cancellationToken)
    {
        var p = ApiQuery.Page(page, 100_000);
        var (rows, total) = await register.PageAsync(http.User.Identity?.Name, p - 1, cancellationToken);
        return TypedResults.Ok(new NoticePage(total, p, NoticeRegister.PageSize, rows));
    }

    private static async Task<FileContentHttpResult> DocxAsync(long id, HttpContext http, NoticeRegister register, CancellationToken cancellationToken)
    {
        var file = await register.DocumentAsync(http.User.Identity?.Name, id, cancellationToken) ?? throw ApiProblems.Missing("通报", "notice");
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(file.Content, DocxType, file.FileName);
    }
}
