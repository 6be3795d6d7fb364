using System.Net;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

/// <summary>A plain HTTP client with its own cookies, no redirects followed: the authorisation matrix and replayed posts.</summary>
public sealed partial class HttpSession : IDisposable
{
    private HttpSession(HttpClient client, CookieContainer cookies)
    {
        Client = client;
        Cookies = cookies;
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    public static async Task<HttpSession> OpenAsync(Uri baseAddress, string? login)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30),
        };
        var session = new HttpSession(client, cookies);
        if (login is not null)
        {
            var response = await session.PostFormAsync("/", "/", new Dictionary<string, string>
            {
                ["Input.Login"] = login, ["Input.Password"] = DemoPeople.Password,
            });
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"{login} could not sign in: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
            }
        }

        return session;
    }

    /// <summary>Reads the form page (for its antiforgery token and cookie), then posts the fields with that token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IDictionary<string, string> fields)
    {
        var token = AntiforgeryToken(await Client.GetStringAsync(formPage));
        return await PostAsync(action, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
    }

    public Task<HttpResponseMessage> PostAsync(string action, IDictionary<string, string> fields) =>
        Client.PostAsync(action, new FormUrlEncodedContent(fields));

    /// <summary>The hidden antiforgery field of the (first) form on a page.</summary>
    public static string AntiforgeryToken(string html) =>
        TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["v"].Value)
            : throw new InvalidOperationException("the page has no antiforgery field:\n" + html);

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<v>[^"]+)"|<input[^>]*value="(?<v>[^"]+)"[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex TokenField();
}
