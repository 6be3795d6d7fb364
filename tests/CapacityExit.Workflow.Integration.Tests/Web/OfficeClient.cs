using System.Net;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>
/// What a browser does for a person: keeps the cookies, takes the antiforgery token from the form it was shown,
/// posts the form's fields. Redirects are returned, not followed, so a test sees where it is sent.
/// </summary>
public sealed partial class OfficeClient : IDisposable
{
    private readonly HttpClient _http;

    public OfficeClient(Uri baseAddress, bool english)
    {
        var cookies = new CookieContainer();
        if (english)
        {
            cookies.Add(baseAddress, new Cookie(".AspNetCore.Culture", "c=en|uic=en"));
        }

        _http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<string> PageAsync(string path)
    {
        var response = await _http.GetAsync(path);
        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}\n{body}");
        return body;
    }

    /// <summary>Posts a form as the page at <paramref name="formPage"/> shows it: its antiforgery token and the fields given.</summary>
    public async Task<HttpResponseMessage> PostAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        var token = Token(await PageAsync(formPage));
        return await PostWithTokenAsync(action, token, fields);
    }

    public Task<HttpResponseMessage> PostWithTokenAsync(string action, string? token, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            all.Add(new("__RequestVerificationToken", token));
        }

        return _http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public async Task<HttpResponseMessage> SignInAsync(string login, string password) =>
        await PostAsync("/", "/", ("Input.Login", login), ("Input.Password", password));

    /// <summary>Where a redirect leads, fetched as the browser would.</summary>
    public async Task<(HttpStatusCode Status, string Body)> FollowAsync(HttpResponseMessage redirect)
    {
        Assert.True(redirect.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)redirect.StatusCode}\n{await redirect.Content.ReadAsStringAsync()}");
        var response = await _http.GetAsync(redirect.Headers.Location);
        return (response.StatusCode, await BodyAsync(response));
    }

    /// <summary>A page's text as a reader sees it (character references decoded).</summary>
    public static async Task<string> BodyAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The status a person finally sees: a refusal is a redirect to /forbidden, which answers 403.</summary>
    public async Task<HttpStatusCode> FinalStatusAsync(HttpResponseMessage response)
    {
        while (response.StatusCode == HttpStatusCode.Redirect)
        {
            response = await _http.GetAsync(response.Headers.Location);
        }

        return response.StatusCode;
    }

    public static string Token(string page) =>
        TokenPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token on the page:\n" + page);

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
