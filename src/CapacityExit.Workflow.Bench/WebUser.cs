using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Bench;

/// <summary>One person in a browser, as far as the server can tell: a cookie jar, the sign-in form, timed page loads.</summary>
public sealed partial class WebUser : IDisposable
{
    public const string Password = "capexit-demo-2026";
    private readonly HttpClient _client;

    public WebUser(Uri address)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        _client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Reads the sign-in form for its antiforgery token and posts it, as the browser would; throws unless signed in.</summary>
    public async Task SignInAsync(string login, CancellationToken cancellationToken)
    {
        var form = await _client.GetStringAsync("/", cancellationToken);
        var token = Token().Match(form) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on the sign-in page");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Login"] = login, ["Input.Password"] = Password, ["__RequestVerificationToken"] = token,
        });
        using var response = await _client.PostAsync("/", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("dashboard", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"sign-in as {login} answered {(int)response.StatusCode}, not the redirect to the dashboard");
        }
    }

    /// <summary>GETs <paramref name="path"/> and reads the whole page; returns the milliseconds and the status code.</summary>
    public async Task<(double Ms, int Status)> GetAsync(string path, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var response = await _client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return (watch.Elapsed.TotalMilliseconds, (int)response.StatusCode);
    }

    /// <summary>Reads the form at <paramref name="path"/> for its antiforgery token and posts a file to it, as the browser would; the status and the page.</summary>
    public async Task<(int Status, string Page)> PostFileAsync(string path, string field, string fileName, byte[] bytes, CancellationToken cancellationToken)
    {
        var form = await _client.GetStringAsync(path, cancellationToken);
        var token = Token().Match(form) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"no antiforgery token on {path}");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), field, fileName } };
        using var response = await _client.PostAsync(path, content, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
