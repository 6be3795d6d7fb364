using System.Net;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>A person's browser without the browser: a cookie jar, the antiforgery token of the last form read, sign-in.</summary>
public sealed partial class WebSession : IDisposable
{
    public const string DemoPassword = "capexit-demo-2026";

    private readonly HttpClient _client;

    public WebSession(Uri baseAddress)
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public static async Task<WebSession> SignInAsync(Uri baseAddress, string login)
    {
        var session = new WebSession(baseAddress);
        var response = await session.PostFormAsync("/", "/", new Dictionary<string, string> { ["Input.Login"] = login, ["Input.Password"] = DemoPassword });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{login} could not sign in: {response.StatusCode}");
        return session;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>Any request, with this session's cookies.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    public async Task<string> GetPageAsync(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Reads the form page for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IDictionary<string, string> fields)
    {
        var token = await TokenAsync(formPage);
        var content = new FormUrlEncodedContent(fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)));
        return await _client.PostAsync(action, content);
    }

    /// <summary>As <see cref="PostFormAsync"/>, as multipart with files: (field, file name, bytes).</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string formPage, string action, IDictionary<string, string> fields,
        params (string Field, string FileName, byte[] Bytes)[] files)
    {
        var token = await TokenAsync(formPage);
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)))
        {
            content.Add(new StringContent(v), k);
        }

        foreach (var (field, name, bytes) in files)
        {
            content.Add(new ByteArrayContent(bytes), field, name);
        }

        return await _client.PostAsync(action, content);
    }

    public async Task<string> TokenAsync(string formPage)
    {
        var html = await (await _client.GetAsync(formPage)).Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {formPage}");
        return match.Groups[1].Value;
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
