using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>What the upload tests share: a program's bearer token, files of a given size, and what the host has kept.</summary>
internal static class UploadKit
{
    /// <summary>A client with a bearer token of <paramref name="login"/> from POST /api/token.</summary>
    public static async Task<HttpClient> ApiAsync(Uri baseAddress, string login)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("/api/token", new { login, password = WebSession.DemoPassword });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{login} got no token: {response.StatusCode}");
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A PDF of <paramref name="bytes"/> bytes, different every time (the store keeps each content once).</summary>
    public static byte[] Pdf(int bytes)
    {
        var pdf = new byte[bytes];
        Random.Shared.NextBytes(pdf);
        "%PDF-1.4\n"u8.CopyTo(pdf);
        return pdf;
    }

    /// <summary>The stored files (their contents, each once, in the database).</summary>
    public static async Task<int> StoredFilesAsync(string connectionString) =>
        (int)await CountAsync(connectionString, "select count(*) from capacity_exit.document_contents");

    public static async Task<long> CountAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The audit log's lines of refused uploads.</summary>
    public static Task<long> RefusedUploadsAsync(string connectionString) =>
        CountAsync(connectionString, "select count(*) from capacity_exit.audit_events where kind = 'UploadRefused'");
}

/// <summary>A body of zeros of a given length that says its length and is produced only if read.</summary>
internal sealed class ZeroStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        Array.Clear(buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
