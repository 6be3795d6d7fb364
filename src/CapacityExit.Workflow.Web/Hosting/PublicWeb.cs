using System.Net;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Public;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// The public side: the 举报 form is limited per address, counted in PostgreSQL across hosts (<see cref="PublicReportLimit"/>); a refused
/// submission is kept for the audit (within a bound per address and day) and answered 429. The client's address is the
/// connection's, or what a configured proxy says (<see cref="TrustedProxies"/>).
/// </summary>
public static class PublicWeb
{
    public const string ReportPath = "/public/report";
    public const string PermitKey = "CapacityExit:PublicReports:PerMinute";

    public static void AddCapacityExitPublicWeb(this WebApplicationBuilder builder)
    {
        var text = builder.Configuration[PermitKey];
        var permit = string.IsNullOrWhiteSpace(text) ? 10
            : int.TryParse(text, out var n) && n is >= 1 and <= 10_000 ? n : throw new ConfigurationValueException(PermitKey, $"'{text}' is not a whole number from 1 to 10000");
        // Counted in PostgreSQL, so the limit holds however many hosts the proxy spreads the posts over.
        builder.Services.AddSingleton(sp => new PublicReportLimit(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), permit));
    }

    /// <summary>
    /// Only the submission counts: reading the form, the lists and a result page are never limited. Runs before the
    /// page (and its antiforgery check), so a refused post costs one small transaction.
    /// </summary>
    public static IApplicationBuilder UseCapacityExitPublicReportLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(ReportPath, StringComparison.OrdinalIgnoreCase)
                && !await context.RequestServices.GetRequiredService<PublicReportLimit>().TryTakeAsync(AddressOf(context), context.RequestAborted))
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await RefusedAsync(context, context.RequestAborted);
                return;
            }

            await next();
        });

    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A refused submission is counted and, within the day's bound for its address, kept for the audit; then the person is told to wait.</summary>
    private static async Task RefusedAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CapacityExit.PublicReports");
        string? Field(IFormCollection form, string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        var reports = context.RequestServices.GetRequiredService<PublicReportService>();
        // Counted always; read and kept in full only within the day's bound for the address (the rest is not even read).
        if (await reports.CountRefusedAsync(AddressOf(context), cancellationToken) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(cancellationToken);
            await reports.KeepRefusedInFullAsync(PublicReportService.RateLimited, AddressOf(context),
                Field(form, "Input.Enterprise"), Field(form, "Input.CountyId"), Field(form, "Input.Place"), Field(form, "Input.Standard"),
                Field(form, "Input.WhatWasSeen"), Field(form, "Input.Contact"), cancellationToken);
        }

        logger.LogWarning("Public report from {Address} refused: more than the limit in a minute (kept for the audit)", AddressOf(context));
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>提交过于频繁</title><link rel=\"stylesheet\" href=\"/site.css\"></head>" +
            "<body><main id=\"main\"><h1 id=\"rate-limited\">提交过于频繁，请一分钟后再试</h1><p>同一网络地址一分钟内最多提交" +
            WebUtility.HtmlEncode(context.RequestServices.GetRequiredService<IConfiguration>()[PermitKey] ?? "10") +
            "次举报。本次提交已记录，但未受理。</p><p lang=\"en\">Too many reports from this address within a minute: this one was recorded but not taken up. Please try again in a minute.</p>" +
            "<p><a href=\"/public/report\">返回举报页面（Back to the form）</a></p></main></body></html>", cancellationToken);
    }
}
