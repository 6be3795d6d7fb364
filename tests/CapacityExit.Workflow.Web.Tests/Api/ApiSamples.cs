using System.Globalization;
using System.Net;
using System.Text.Json;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>
/// Cases the API tests open and act on through the API itself (so the demo's cases stay as the page tests expect
/// them): in 桂阳县, which is not the demo county officer's 北湖区, run by 郴州's 工信局. Each test class asks with its
/// own number, so no two open the same enterprise.
/// </summary>
public static class ApiSamples
{
    public const string CountyCode = "431021"; // 桂阳县
    public const string Officer = "chenzhou-industryit";

    /// <summary>A minimal PDF: the document store checks content, not names.</summary>
    public static readonly byte[] Pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();

    public static string CreditCodeOf(int n) => CreditCode.Complete($"91431021MA{n:D7}");

    /// <summary>Opens a case through POST /api/cases as 工信局's officer; returns its id.</summary>
    public static async Task<long> OpenCaseAsync(WebApp app, int n, string standard, string name, IDictionary<string, string>? variables = null, string findingDate = "2026-11-02")
    {
        using var officer = await ApiClient.OpenAsync(app.BaseAddress, Officer);
        var bureau = await app.ScalarAsync<int>("select bureau_id from capacity_exit.people where login = @l", ("l", Officer));
        var (status, body) = await officer.PostJsonAsync("/api/cases", new
        {
            creditCode = CreditCodeOf(n), enterpriseName = name, industry = standard == "energy" ? "Cement" : "LeadSmelting", countyCode = CountyCode,
            item = "1号生产线", amount = "12.5", unit = "万吨/年", standard, findingDate, legalBasis = "郴州市2017年工作方案 §三.5",
            bureauId = bureau.ToString(CultureInfo.InvariantCulture), variables = variables ?? new Dictionary<string, string>(),
        });
        Assert.True(status == HttpStatusCode.Created, $"opening {name} through the API: {(int)status} {body}");
        return body.GetProperty("id").GetInt64();
    }

    /// <summary>The enterprise asks for an extension (the officer records it) with its application attached as a PDF; returns the document's id.</summary>
    public static async Task<long> RequestExtensionWithDocumentAsync(WebApp app, long caseId)
    {
        using var officer = await ApiClient.OpenAsync(app.BaseAddress, Officer);
        var (status, body) = await officer.PostJsonAsync($"/api/cases/{caseId}/commands/request-extension", new
        {
            data = new Dictionary<string, string> { ["reason"] = "设备改造需要时间", ["documentRef"] = "示例〔2026〕12号", ["requestedPeriod"] = "P2M" },
            files = new[] { new { field = "attachment", fileName = "延期申请书.pdf", contentBase64 = Convert.ToBase64String(Pdf) } },
        });
        Assert.True(status == HttpStatusCode.OK, $"the extension request through the API: {(int)status} {body}");
        Assert.Equal("extension-review", body.GetProperty("state").GetString());
        return body.GetProperty("documents").EnumerateArray().Single().GetProperty("id").GetInt64();
    }

    /// <summary>The id of the open task of a case (a technology case starts with its demolition assessment).</summary>
    public static Task<long> OpenTaskAsync(WebApp app, long caseId) =>
        app.ScalarAsync<long>("select id from capacity_exit.workflow_tasks where case_id = @c and status = 'Open' order by id limit 1", ("c", caseId));

    public static Dictionary<string, string> TechnologyVariables => new() { ["demolitionDate"] = "2027-03-01" };

    public static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Undefined ? "" : e.ToString();
}
