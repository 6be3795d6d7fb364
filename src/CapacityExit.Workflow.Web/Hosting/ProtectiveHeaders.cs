using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// The browser's protections on every answer of the host (pages, the API, downloads, error and outage pages, static
/// files): a Content-Security-Policy, no framing (CSP <c>frame-ancestors 'none'</c> and X-Frame-Options DENY),
/// X-Content-Type-Options nosniff and a Referrer-Policy.
/// <para>
/// The product's pages run no script at all and carry no inline style: their policy allows scripts, styles and
/// everything else from this host only, no inline code of any kind (an injected &lt;script&gt; or onclick would not run).
/// Keep the .cshtml files free of &lt;script&gt;, style="" and on…="" attributes (a test reads every one).
/// </para>
/// <para>
/// Two operator tools come as their vendors wrote them: Hangfire's dashboard (/hangfire) and the API reader, Scalar
/// (/api-reference, administrators only). Their HTML is read before it leaves: each inline script it carries is allowed
/// by its SHA-256 hash alone (so no other inline script runs), and their styles may be inline (both set style attributes
/// and style elements from their scripts), images may be data: URIs, and the reader's bundle may evaluate code it builds
/// (Scalar does; blocked, it reported a violation). Nothing else is loosened for them.
/// </para>
/// </summary>
public static partial class ProtectiveHeaders
{
    private const string Common = "default-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>The product's pages, the API, downloads: no inline script, no inline style.</summary>
    public const string PagePolicy = Common + "; script-src 'self'; style-src 'self'";

    public static IApplicationBuilder UseCapacityExitProtectiveHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var response = context.Response;
        var tool = IsToolPage(context.Request.Path);
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            if (!tool || !headers.ContentSecurityPolicy.Any())
            {
                headers.ContentSecurityPolicy = PagePolicy;
            }

            return Task.CompletedTask;
        });
        if (!tool)
        {
            await next(context);
            return;
        }

        // A tool's page: read whole (a few kilobytes), its inline scripts hashed into its policy, then sent.
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        if (!response.HasStarted)
        {
            response.Headers.ContentSecurityPolicy = ToolPolicy(response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)
                : "", context.Request.Path.StartsWithSegments("/api-reference"));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    });

    /// <summary>
    /// The policy of a tool's page: the hashes of exactly the inline scripts it carries, inline styles and data: images
    /// (the dashboard's empty icon), nothing else; the reader's bundle also evaluates code it builds (a violation
    /// otherwise), which is allowed on the reader alone: an administrators' page that shows only our own API document.
    /// </summary>
    public static string ToolPolicy(string html, bool reader)
    {
        var hashes = InlineScript().Matches(html)
            .Select(m => m.Groups["body"].Value)
            .Select(body => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}'")
            .Distinct();
        return Common.Replace("img-src 'self'", "img-src 'self' data:", StringComparison.Ordinal) + "; script-src 'self'" + string.Concat(hashes)
            + (reader ? " 'unsafe-eval'" : "") + "; style-src 'self' 'unsafe-inline'";
    }

    /// <summary>The dashboard's and the reader's pages, not their script, style and font files (those are static and large).</summary>
    private static bool IsToolPage(PathString path)
    {
        if (path.StartsWithSegments("/hangfire", out var rest))
        {
            return !ToolAsset().IsMatch(rest.Value ?? "");
        }

        return path.StartsWithSegments("/api-reference", out var after) && !(after.Value ?? "").Contains('.', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"^/(?:js|css|fonts)[0-9]*(?:/|$)|\.[a-z0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex ToolAsset();
}
