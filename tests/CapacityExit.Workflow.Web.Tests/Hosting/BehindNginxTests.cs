using System.Diagnostics;
using System.Globalization;
using System.Net;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Web.Tests.Hosting;

/// <summary>
/// Two complete hosts on one PostgreSQL behind Debian's nginx, round-robin, as docs/deploy.md sets them up: a person
/// signs in through the proxy and, with the requests alternating between the hosts, fills the extension form with its
/// application, downloads it and reads 我的待办; the administrator enters a holiday year on one host and a deadline
/// counted on the other uses it; one host is killed mid-session and the person goes on through the other without
/// signing in again.
/// </summary>
public sealed class BehindNginxTests(TwoHosts hosts) : IClassFixture<TwoHosts>
{
    private const string Officer = "chenzhou-industryit";

    [Fact]
    public async Task A_person_works_through_the_proxy_over_both_hosts_and_goes_on_when_one_is_killed()
    {
        await using var proxy = await NginxProxy.StartAsync([hosts.First.BaseAddress, hosts.Second.BaseAddress]);

        // Signing in through the proxy: the form from one host, the post to the other.
        using var person = await HttpSession.OpenAsync(proxy.BaseAddress, Officer);
        for (var n = 0; n < 4; n++)
        {
            Assert.Contains("我的待办", await person.Client.GetStringAsync("/tasks"));
        }

        Assert.Equal(2, (await proxy.ServedByAsync("/tasks")).Distinct().Count()); // both hosts served them

        // A case opened through the API, then the extension form filled with the enterprise's application attached.
        using var program = await ApiClient.OpenAsync(proxy.BaseAddress, Officer);
        var caseId = await OpenCaseAsync(program, 880_101, "双机代理示例水泥有限公司", "2026-11-02");
        var application = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% application {Guid.NewGuid():N}\n%%EOF\n");
        var form = $"/cases/{caseId}/act/request-extension";
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent("P1M"), "requestedPeriod" }, { new StringContent("设备改造需要更长时间"), "reason" },
            { new StringContent("示例建材〔2026〕101号"), "documentRef" },
            { new StringContent(HttpSession.AntiforgeryToken(await person.Client.GetStringAsync(form))), "__RequestVerificationToken" },
        };
        multipart.Add(new ByteArrayContent(application), "attachment", "延期申请书.pdf");
        using (var asked = await person.Client.PostAsync(form, multipart))
        {
            Assert.True(asked.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther,
                $"the extension form answered {(int)asked.StatusCode}: {await asked.Content.ReadAsStringAsync()}");
        }

        var documentId = await ScalarAsync<long>($"select id from capacity_exit.case_documents where case_id = {caseId}");
        for (var n = 0; n < 2; n++)
        {
            Assert.Equal(application, await person.Client.GetByteArrayAsync($"/documents/{documentId}")); // from each host in turn
        }

        Assert.Equal(2, (await proxy.ServedByAsync($"/documents/{documentId}")).Distinct().Count());

        // The administrator enters 2027 on the first host; a case the second host opens counts its deadline on it.
        using var admin = await HttpSession.OpenAsync(hosts.First.BaseAddress, DemoPeople.Admin);
        using (var added = await admin.PostFormAsync("/admin/calendar/add", "/admin/calendar/add", new Dictionary<string, string>
        {
            ["Input.Year"] = "2027", ["Input.Notice"] = "国务院办公厅关于2027年部分节假日安排的通知（示例）", ["Input.Replace"] = "false",
            ["Input.Holidays[0].Name"] = "春节", ["Input.Holidays[0].First"] = "2027-02-06", ["Input.Holidays[0].Last"] = "2027-02-13",
            ["Input.Holidays[0].Work"] = "2027-02-14, 2027-02-20",
        }))
        {
            Assert.True(added.StatusCode == HttpStatusCode.Redirect, $"entering 2027: {(int)added.StatusCode}");
        }

        using var onSecond = await ApiClient.OpenAsync(hosts.Second.BaseAddress, Officer);
        var later = Stopwatch.StartNew();
        var found = await OpenCaseAsync(onSecond, 880_102, "双机日历示例水泥有限公司", "2026-08-06");
        // Six months from 2026-08-06 end on Saturday 2027-02-06: by weekends alone Monday 02-08; over 春节 to the make-up Sunday 02-14.
        Assert.Equal("2027-02-14", await ScalarAsync<string>(
            $"select payload from capacity_exit.workflow_timers where case_id = {found} and key = 'rectifying/rectification-deadline' and status = 'Pending'"));
        Assert.True(later.Elapsed < TimeSpan.FromSeconds(30));

        // The first host dies mid-session; the person goes on through the proxy, signed in, on the second.
        hosts.First.Kill();
        for (var n = 0; n < 4; n++)
        {
            using var tasks = await person.Client.GetAsync("/tasks");
            Assert.True(tasks.StatusCode == HttpStatusCode.OK, $"after the kill /tasks answered {(int)tasks.StatusCode} {tasks.Headers.Location}");
            Assert.Contains("我的待办", await tasks.Content.ReadAsStringAsync());
        }

        Assert.Equal(application, await person.Client.GetByteArrayAsync($"/documents/{documentId}"));
    }

    /// <summary>Opens an energy case of 桂阳县 through the API as 工信局's officer; its id.</summary>
    private async Task<long> OpenCaseAsync(ApiClient program, int n, string name, string findingDate)
    {
        var bureau = await ScalarAsync<int>($"select bureau_id from capacity_exit.people where login = '{Officer}'");
        var (status, body) = await program.PostJsonAsync("/api/cases", new
        {
            creditCode = ApiSamples.CreditCodeOf(n), enterpriseName = name, industry = "Cement", countyCode = ApiSamples.CountyCode,
            item = "1号生产线", amount = "12.5", unit = "万吨/年", standard = "energy", findingDate, legalBasis = "郴州市2017年工作方案 §三.5",
            bureauId = bureau.ToString(CultureInfo.InvariantCulture), variables = new Dictionary<string, string>(),
        });
        Assert.True(status == HttpStatusCode.Created, $"opening {name}: {(int)status} {body}");
        return body.GetProperty("id").GetInt64();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(hosts.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
