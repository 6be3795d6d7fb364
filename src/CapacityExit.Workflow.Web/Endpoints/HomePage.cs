using System.Net;
using CapacityExit.Workflow.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CapacityExit.Workflow.Web.Endpoints;

public static class HomePage
{
    /// <summary>The interim home page: the product's name in Chinese and the health of the database.</summary>
    public static void MapHomePage(this WebApplication app) => app.MapGet("/", async (HealthCheckService health, IServiceProvider services, CancellationToken ct) =>
    {
        var report = await health.CheckHealthAsync(ct);
        var healthy = report.Status == HealthStatus.Healthy;
        var detail = string.Join("；", report.Entries.Select(e => e.Value.Description));
        var counts = healthy ? await CountsAsync(services, ct) : null;
        var html = $"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>落后产能退出工作平台</title>
            <style>body{"{"}font-family:sans-serif;margin:3em;max-width:50em{"}"} .ok{"{"}color:#060{"}"} .bad{"{"}color:#b00{"}"}</style></head>
            <body>
            <h1>落后产能退出工作平台</h1>
            <p lang="en">CapacityExit.Workflow — the back office for exiting backward production capacity</p>
            <p id="db-health" class="{(healthy ? "ok" : "bad")}">数据库状态：{(healthy ? "正常" : "不可用")}（{WebUtility.HtmlEncode(detail)}）</p>
            {(counts is null ? "" : $"<p id=\"counts\">辖区 {counts.Value.Jurisdictions} 个，企业 {counts.Value.Enterprises} 家，在办案件 {counts.Value.OpenCases} 件</p>")}
            <p><a href="/health">/health</a></p>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: healthy ? 200 : 503);
    });

    private static async Task<(int Jurisdictions, int Enterprises, int OpenCases)?> CountsAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        return (await db.Jurisdictions.CountAsync(ct), await db.Enterprises.CountAsync(ct),
            await db.Cases.CountAsync(c => c.Status == Core.Data.Model.CaseStatus.Open, ct));
    }
}
