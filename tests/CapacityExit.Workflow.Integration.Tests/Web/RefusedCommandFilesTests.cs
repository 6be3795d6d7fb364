using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>
/// Files that come with a refused action are not kept: the auditor's withdraw with three 1 MB PDFs (403), the
/// supervisor's approval of an extension nobody asked for (409), and the action form refused for a field (400) leave the
/// stored files and the case's documents as they were. The accepted action keeps its file, once.
/// </summary>
public sealed class RefusedCommandFilesTests(WebHostFixture fixture) : IClassFixture<WebHostFixture>
{
    private const string Officer = "chenzhou-industryit";
    private static int _sequence;

    private Uri Base => fixture.Host.BaseAddress;

    private async Task<long> OpenCaseAsync()
    {
        using var officer = await UploadKit.ApiAsync(Base, Officer);
        int bureau;
        using (var db = fixture.Database.NewContext())
        {
            bureau = db.People.Single(p => p.Login == Officer).BureauId!.Value;
        }

        var n = Interlocked.Increment(ref _sequence);
        using var response = await officer.PostAsJsonAsync("/api/cases", new
        {
            creditCode = CreditCode.Complete($"91431002MA{7_100_000 + n:D7}"), enterpriseName = $"郴州示例上传拒绝水泥有限公司{n}", industry = "Cement", countyCode = "431002",
            item = "1号生产线", amount = "12.5", unit = "万吨/年", standard = "energy", findingDate = "2026-11-02", legalBasis = "郴州市2017年工作方案 §三.5",
            bureauId = bureau.ToString(), variables = new Dictionary<string, string>(),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"opening a case: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt64();
    }

    private async Task<(int Files, long Documents, long History)> KeptAsync(long caseId) =>
        (await UploadKit.StoredFilesAsync(fixture.Database.ConnectionString),
            await UploadKit.CountAsync(fixture.Database.ConnectionString, "select count(*) from capacity_exit.case_documents where case_id = @id", ("id", caseId)),
            await UploadKit.CountAsync(fixture.Database.ConnectionString, "select count(*) from capacity_exit.case_history where case_id = @id", ("id", caseId)));

    private static object File(string field, byte[] bytes, string name = "材料.pdf") => new { field, fileName = name, contentBase64 = Convert.ToBase64String(bytes) };

    [Fact]
    public async Task An_auditors_withdraw_with_three_PDFs_is_refused_with_403_and_keeps_no_file()
    {
        var caseId = await OpenCaseAsync();
        var before = await KeptAsync(caseId);
        using var auditor = await UploadKit.ApiAsync(Base, "chenzhou-auditor");

        using var response = await auditor.PostAsJsonAsync($"/api/cases/{caseId}/commands/withdraw", new
        {
            data = new Dictionary<string, string> { ["reason"] = "重复立案" },
            files = new[] { File("attachment", UploadKit.Pdf(1024 * 1024)), File("attachment", UploadKit.Pdf(1024 * 1024)), File("attachment", UploadKit.Pdf(1024 * 1024)) },
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await KeptAsync(caseId));
    }

    [Fact]
    public async Task An_approval_the_step_does_not_allow_is_refused_with_409_and_keeps_no_file_then_the_accepted_request_keeps_its_one()
    {
        var caseId = await OpenCaseAsync();
        var before = await KeptAsync(caseId);
        using var supervisor = await UploadKit.ApiAsync(Base, "chenzhou-supervisor");

        using var refused = await supervisor.PostAsJsonAsync($"/api/cases/{caseId}/commands/approve-extension", new
        {
            data = new Dictionary<string, string> { ["newLastDay"] = "2027-08-02" },
            files = new[] { File("attachment", UploadKit.Pdf(1024 * 1024), "批复.pdf") },
        });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(before, await KeptAsync(caseId));

        // The officer's request that the step allows keeps its application: one file, one document row.
        using var officer = await UploadKit.ApiAsync(Base, Officer);
        using var accepted = await officer.PostAsJsonAsync($"/api/cases/{caseId}/commands/request-extension", new
        {
            data = new Dictionary<string, string> { ["reason"] = "设备改造需要时间", ["documentRef"] = "示例〔2026〕12号", ["requestedPeriod"] = "P2M" },
            files = new[] { File("attachment", UploadKit.Pdf(64 * 1024), "延期申请书.pdf") },
        });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var after = await KeptAsync(caseId);
        Assert.Equal((before.Files + 1, before.Documents + 1), (after.Files, after.Documents));
    }

    [Fact]
    public async Task The_action_form_refused_for_a_field_keeps_no_file()
    {
        var caseId = await OpenCaseAsync();
        var before = await KeptAsync(caseId);
        using var officer = await WebSession.SignInAsync(Base, Officer);

        // A reason longer than the history holds: the service refuses it after the page has read and checked the PDF.
        using var response = await officer.PostMultipartAsync($"/cases/{caseId}/act/withdraw", $"/cases/{caseId}/act/withdraw",
            new Dictionary<string, string> { ["reason"] = new string('理', 1001) }, ("attachment", "撤销决定书.pdf", UploadKit.Pdf(512 * 1024)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("最多1000字", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await KeptAsync(caseId));
    }
}
