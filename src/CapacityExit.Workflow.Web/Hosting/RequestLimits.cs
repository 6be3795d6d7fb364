using System.Globalization;
using System.Net;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Web.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// How large a request body each route takes, decided before a byte of it is read: Kestrel's
/// <c>MaxRequestBodySize</c> for every route without its own limit, and each route's own
/// (<see cref="IRequestSizeLimitMetadata"/>: <c>[RequestSizeLimit]</c> on a page, <c>RequestSizeLimitAttribute</c> on an
/// API operation). A request that says it is larger (Content-Length) is answered 413 at once, unread; one that
/// does not say is cut off by Kestrel at the limit. The API answers with a problem document, the pages with a page that
/// names the limit; each refusal goes to the audit log (<see cref="AuditKind.UploadRefused"/>).
/// </summary>
public static class RequestLimits
{
    /// <summary>Every route without a limit of its own (the pages' text forms, GETs): far above any form's text.</summary>
    public const long DefaultBody = 1024 * 1024;

    /// <summary>An API command in JSON without files (a token, opening a case, a report, a target): text only.</summary>
    public const long ApiJsonBody = 64 * 1024;

    /// <summary>
    /// The files one API command or task outcome may carry in all, decoded (each at most <see cref="UploadedFile.MaxBytes"/>).
    /// The body holds them in base64 and is decoded in memory, so this bounds what one request can make the host hold;
    /// more files go in a second command, or through the page's form (multipart, buffered on disk).
    /// </summary>
    public const long ApiFilesInAll = 30L * 1024 * 1024;

    /// <summary>An API command or task outcome with its files in base64 (4 characters for 3 bytes) and its text.</summary>
    public const long ApiCommandBody = ApiFilesInAll * 4 / 3 + ApiJsonBody;

    /// <summary>The census upload: one .xlsx of at most <see cref="UploadedFile.MaxBytes"/> and the form around it.</summary>
    public const long CensusBody = UploadedFile.MaxBytes + 64 * 1024;

    /// <summary>
    /// The public 举报 form: a photo of at most <see cref="UploadedFile.MaxBytes"/>; a phone photo a little over (up to three
    /// times the limit) is still read (on disk), so that the page can say the limit beside the field and keep what was typed.
    /// </summary>
    public const long PublicReportBody = 3 * UploadedFile.MaxBytes + 64 * 1024;

    /// <summary>What an anonymous request is recorded as in the audit log.</summary>
    public const string Anonymous = "匿名";

    public static void ConfigureRequestLimits(this WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = DefaultBody);

    /// <summary>After routing and authorisation (a refused person learns nothing of sizes), before anything reads a body.</summary>
    public static void UseRequestLimits(this WebApplication app) => app.Use(async (context, next) =>
    {
        var limit = LimitOf(context);
        if (context.Request.ContentLength is { } length && limit is { } max && length > max)
        {
            await RefuseAsync(context, max, length);
            return;
        }

        try
        {
            await next();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await RefuseAsync(context, limit ?? DefaultBody, null);
        }
    });

    /// <summary>The route's own limit, else the server's.</summary>
    public static long? LimitOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
        ?? context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    /// <summary>A size for people: "10 MB", "64 KB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024d).ToString("0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>Records a refused upload in the audit log: who (or 匿名), from where, which route, why.</summary>
    public static Task AuditAsync(HttpContext context, string why) =>
        context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(AuditKind.UploadRefused,
            context.User.Identity?.Name is { Length: > 0 } login ? login : Anonymous, null, PublicWeb.AddressOf(context),
            $"{context.Request.Method} {context.Request.Path}: {why}", save: true, context.RequestAborted);

    private static async Task RefuseAsync(HttpContext context, long max, long? length)
    {
        await AuditAsync(context, $"body {(length is { } n ? n.ToString(CultureInfo.InvariantCulture) + " bytes" : "")} over the route's limit of {max} bytes");
        var zh = $"提交的内容超过此处的上限 {Size(max)}{(length is { } l ? $"（本次 {Size(l)}）" : "")}，未被接收，也没有保存任何内容";
        var en = $"what was sent is larger than this address takes ({Size(max)}{(length is { } m ? $"; this one is {Size(m)}" : "")}); nothing was received or kept";
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.Headers.Connection = "close"; // the rest of the body is not read
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await (ApiProblems.One(ApiProblems.TooLarge, "body", zh, en) with { Instance = context.Request.Path.Value }).ToResult().ExecuteAsync(context);
            return;
        }

        var title = Text.T("提交的内容过大", "Too large");
        var back = Text.T("回到表单，选择较小的文件后重试", "Back to the form: choose a smaller file and try again");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{(Text.English ? "en" : "zh-CN")}"><head><meta charset="utf-8"><title>{title}</title><link rel="stylesheet" href="/site.css"></head>
            <body><main><h1>{title}</h1><p id="too-large" class="field-error">{WebUtility.HtmlEncode(Text.T(zh + "。", en + "."))}</p>
            <p><a id="back" href="{WebUtility.HtmlEncode(context.Request.Path.Value)}">{back}</a></p></main></body></html>
            """);
    }
}
