using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CapacityExit.Workflow.Core.Documents;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>
/// Every route takes a body up to its own limit and is refused before reading more: a JSON command over its small limit,
/// a command with files over the files' limit and a census upload over the file limit answer 413 (a problem document in
/// Chinese and English for the API, a page naming the limit for the census), write nothing and are in the audit log.
/// A public 举报 photo over 10 MB is refused beside its field with the limit named, the typed fields kept; a token request
/// that is not JSON answers 415.
/// </summary>
public sealed class RequestBodyLimitTests(WebHostFixture fixture) : IClassFixture<WebHostFixture>
{
    private Uri Base => fixture.Host.BaseAddress;

    private string Db => fixture.Database.ConnectionString;

    private Task<long> CasesAsync() => UploadKit.CountAsync(Db, "select count(*) from capacity_exit.cases");

    /// <summary>Sends a body that says its length and waits for 100-continue: a refused one is never sent, as a careful client does.</summary>
    private static async Task<HttpResponseMessage> SendLargeAsync(Func<HttpRequestMessage, Task<HttpResponseMessage>> send, string path, long length, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(new ZeroStream(length)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Content.Headers.ContentLength = length;
        request.Headers.ExpectContinue = true;
        return await send(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, string type)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal("tag:capacity-exit.workflow,2026:problem:" + type, problem.GetProperty("type").GetString());
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Fact]
    public async Task A_JSON_command_over_its_small_limit_answers_413_with_the_limit_named_and_opens_nothing()
    {
        using var officer = await UploadKit.ApiAsync(Base, "chenzhou-industryit");
        var cases = await CasesAsync();
        var audited = await UploadKit.RefusedUploadsAsync(Db);
        var json = JsonSerializer.Serialize(new { creditCode = "x", enterpriseName = "郴州示例超长请求有限公司", legalBasis = new string('依', 40 * 1024) }); // ~120 KB of UTF-8

        using var declared = await officer.PostAsync("/api/cases", new StringContent(json, Encoding.UTF8, "application/json"));
        using var chunked = await officer.PostAsync("/api/cases", new PushStreamContent(json)); // no Content-Length: cut off at the limit

        foreach (var response in new[] { declared, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var problem = await ProblemAsync(response, "request-too-large");
            Assert.Contains("64 KB", problem.GetProperty("detail").GetString());
            Assert.Contains("64 KB", problem.GetProperty("detailEn").GetString());
        }

        Assert.Equal(cases, await CasesAsync());
        Assert.True(await UploadKit.RefusedUploadsAsync(Db) > audited, "the refusal is not in the audit log");
    }

    [Fact]
    public async Task A_command_with_files_over_the_files_limit_answers_413_unread_and_keeps_nothing()
    {
        using var officer = await UploadKit.ApiAsync(Base, "chenzhou-industryit");
        var caseId = await UploadKit.CountAsync(Db, "select min(c.id) from capacity_exit.cases c join capacity_exit.workflow_instances w on w.case_id = c.id where w.finished_at is null");
        var history = await UploadKit.CountAsync(Db, "select count(*) from capacity_exit.case_history");
        var files = await UploadKit.StoredFilesAsync(Db);

        // The 106 MB body of the attack, and one byte over the limit.
        foreach (var length in new[] { 106L * 1024 * 1024, Hosting_ApiCommandBody + 1 })
        {
            using var response = await SendLargeAsync(officer.SendAsync, $"/api/cases/{caseId}/commands/withdraw", length, "application/json");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var problem = await ProblemAsync(response, "request-too-large");
            Assert.Contains("40.1 MB", problem.GetProperty("detail").GetString());
        }

        Assert.Equal(history, await UploadKit.CountAsync(Db, "select count(*) from capacity_exit.case_history"));
        Assert.Equal(files, await UploadKit.StoredFilesAsync(Db));
    }

    /// <summary>The host's RequestLimits.ApiCommandBody: 30 MB of files in base64 and 64 KB of text.</summary>
    private const long Hosting_ApiCommandBody = 30L * 1024 * 1024 * 4 / 3 + 64 * 1024;

    [Fact]
    public async Task A_census_upload_over_the_file_limit_answers_413_with_a_page_that_names_the_limit()
    {
        using var office = await WebSession.SignInAsync(Base, "chenzhou-office");
        var cases = await CasesAsync();
        var audited = await UploadKit.RefusedUploadsAsync(Db);

        using var response = await SendLargeAsync(office.SendAsync, "/census", UploadedFile.MaxBytes + 2 * 1024 * 1024, "multipart/form-data; boundary=x");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("提交的内容超过此处的上限 10.1 MB（本次 12 MB），未被接收，也没有保存任何内容", page);
        Assert.Equal(cases, await CasesAsync());
        Assert.True(await UploadKit.RefusedUploadsAsync(Db) > audited, "the refusal is not in the audit log");
    }

    [Fact]
    public async Task A_public_report_photo_over_10_MB_is_refused_beside_the_field_with_the_limit_and_the_typed_fields_kept()
    {
        using var visitor = new WebSession(Base);
        var county = await UploadKit.CountAsync(Db, "select id::bigint from capacity_exit.jurisdictions where code = '431002'");
        var reports = await UploadKit.CountAsync(Db, "select count(*) from capacity_exit.public_reports");
        var audited = await UploadKit.RefusedUploadsAsync(Db);
        var files = await UploadKit.StoredFilesAsync(Db);
        var photo = new byte[UploadedFile.MaxBytes + 512 * 1024];
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.CopyTo(photo, 0);

        using var response = await visitor.PostMultipartAsync("/public/report", "/public/report", new Dictionary<string, string>
        {
            ["Input.Enterprise"] = "某小型水泥厂", ["Input.CountyId"] = county.ToString(), ["Input.Place"] = "示例镇示例村东头",
            ["Input.Standard"] = "environment", ["Input.WhatWasSeen"] = "夜间冒黑烟", ["website"] = "",
        }, ("Photo", "现场.jpg", photo));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("文件超过10MB上限", page);
        Assert.Contains("示例镇示例村东头", page);
        Assert.Contains("夜间冒黑烟", page);
        Assert.Equal(reports, await UploadKit.CountAsync(Db, "select count(*) from capacity_exit.public_reports"));
        Assert.Equal(files, await UploadKit.StoredFilesAsync(Db));
        Assert.True(await UploadKit.RefusedUploadsAsync(Db) > audited, "the refused photo is not in the audit log");
    }

    [Fact]
    public async Task A_token_request_that_is_not_JSON_answers_415_with_a_problem()
    {
        using var client = new HttpClient { BaseAddress = Base };

        using var response = await client.PostAsync("/api/token", new StringContent("login=chenzhou-office&password=x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await ProblemAsync(response, "unsupported-media-type");
    }

    /// <summary>A JSON body sent chunked, without Content-Length.</summary>
    private sealed class PushStreamContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
            length = -1;
            return false;
        }
    }
}
