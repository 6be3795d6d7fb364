using System.Net;
using CapacityExit.Workflow.Web.Api;
using Microsoft.AspNetCore.Localization;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// What the host answers by itself, before (or instead of) a page or an API operation: a refused request or an outage.
/// A person gets a small page in their language (the layout's stylesheet, no script, a way back, the other language
/// one click away); a program under /api gets a problem document of ours. Nothing here reads the database.
/// </summary>
public static class PlainAnswers
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Answers with a page (or under /api a problem of <paramref name="problemType"/>), unless the answer has begun.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string problemType, string titleZh, string titleEn, string messageZh, string messageEn,
        string? id = null, params (string Name, string Value)[] headers)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Clear(); // drops headers a failed page may have set (the security headers are written at the start)
        response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        if (IsApi(context))
        {
            var problem = ApiProblems.One(problemType, null, messageZh, messageEn) with { Instance = context.Request.Path.Value };
            response.ContentType = ApiProblem.ContentType;
            await response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, ApiProblem.ContentType);
            return;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        // The reader's language: as the localization middleware chose it, or (answering before it ran, or after it
        // unwound, as for an outage) from the language cookie it reads.
        var chosen = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name
            ?? CookieRequestCultureProvider.ParseCookieValue(context.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName] ?? "")?.UICultures.FirstOrDefault().Value;
        var english = chosen?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        string T(string zh, string en) => english ? en : zh;
        var here = context.Request.Path.Value ?? "/";
        var other = english
            ? $"<a href=\"/language?culture=zh-CN&amp;returnUrl={Uri.EscapeDataString(here)}\" lang=\"zh-CN\">中文</a>"
            : $"<a href=\"/language?culture=en&amp;returnUrl={Uri.EscapeDataString(here)}\" lang=\"en\">English</a>";
        string E(string s) => WebUtility.HtmlEncode(s);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(
            $"<!doctype html><html lang=\"{(english ? "en" : "zh-CN")}\"><head><meta charset=\"utf-8\">" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>{E(T(titleZh, titleEn))} · {E(T("淘汰落后产能工作平台", "Backward Capacity Exit"))}</title><link rel=\"stylesheet\" href=\"/site.css\"></head>" +
            $"<body><header class=\"top\"><div class=\"brand\"><a href=\"/\">{E(T("淘汰落后产能工作平台", "Backward Capacity Exit"))}</a></div><nav class=\"lang\">{other}</nav></header>" +
            $"<main id=\"main\"><h1 id=\"{E(id ?? "refused")}\">{E(T(titleZh, titleEn))}</h1><p id=\"why\">{E(T(messageZh, messageEn))}</p>" +
            $"<p><a href=\"/\">{E(T("返回首页", "Back to the start"))}</a></p></main></body></html>");
    }
}
