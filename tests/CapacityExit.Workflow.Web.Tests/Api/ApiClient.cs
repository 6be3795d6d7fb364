using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>A program using the API: a token from POST /api/token for a demo account (or none), then plain JSON requests.</summary>
public sealed class ApiClient : IDisposable
{
    public const string ProblemPrefix = "tag:capacity-exit.workflow,2026:problem:";

    private ApiClient(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    public static async Task<ApiClient> OpenAsync(Uri baseAddress, string? login)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60),
        };
        if (login is not null)
        {
            using var response = await client.PostAsync("/api/token", Json(new { login, password = DemoPeople.Password }));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{login} got no token: {(int)response.StatusCode}\n{body}");
            }

            using var token = JsonDocument.Parse(body);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        }

        return new ApiClient(client);
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, await BodyAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(string path, object body)
    {
        using var response = await Client.PostAsync(path, Json(body));
        return (response.StatusCode, await BodyAsync(response));
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Whether a response is an RFC 9457 problem of ours: the media type, a known type URI, the status repeated, a title and a detail in both languages.</summary>
    public static async Task<string?> ProblemFaultAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"media type {response.Content.Headers.ContentType?.MediaType ?? "none"}";
        }

        var text = await response.Content.ReadAsStringAsync();
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.GetProperty("type").GetString() is not { } type || !type.StartsWith(ProblemPrefix, StringComparison.Ordinal))
            {
                return "type " + root.GetProperty("type");
            }

            if (root.GetProperty("status").GetInt32() != (int)response.StatusCode)
            {
                return $"status member {root.GetProperty("status")} on a {(int)response.StatusCode}";
            }

            foreach (var member in new[] { "title", "titleEn", "detail", "detailEn" })
            {
                if (root.GetProperty(member).GetString() is not { Length: > 0 })
                {
                    return "no " + member;
                }
            }

            return root.GetProperty("errors").GetArrayLength() == 0 ? "no errors" : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"not a problem document ({e.Message}): {text[..Math.Min(200, text.Length)]}";
        }
    }

    public void Dispose() => Client.Dispose();
}
