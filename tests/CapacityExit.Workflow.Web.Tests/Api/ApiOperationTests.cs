using System.Globalization;
using System.Net;
using System.Text.Json;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>What a program does with the API, over HTTP against the real host, each step checked as a person would notice it.</summary>
[Collection(WebCollection.Name)]
public sealed class ApiOperationTests(WebApp app)
{
    [Fact]
    public async Task A_case_is_opened_an_extension_asked_with_its_document_approved_by_the_supervisor_and_the_case_tells_its_new_deadline()
    {
        var id = await ApiSamples.OpenCaseAsync(app, 301, "energy", "郴州示例接口延期水泥有限公司");
        using var officer = await ApiClient.OpenAsync(app.BaseAddress, ApiSamples.Officer);
        using var supervisor = await ApiClient.OpenAsync(app.BaseAddress, DemoPeople.Supervisor);

        var (_, opened) = await officer.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal("rectifying", opened.GetProperty("state").GetString());
        Assert.Equal("Yellow", opened.GetProperty("standing").GetProperty("card").GetString());
        var deadline = opened.GetProperty("deadline");
        var originalLastDay = DateOnly.Parse(deadline.GetProperty("lastDay").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal("整改期限届满", deadline.GetProperty("title").GetString());
        Assert.Contains(deadline.GetProperty("explanationZh").EnumerateArray(), l => l.GetString()!.Contains("民法典", StringComparison.Ordinal));
        Assert.Contains(deadline.GetProperty("explanationEn").EnumerateArray(), l => l.GetString()!.Contains("Civil Code", StringComparison.Ordinal));

        var documentId = await ApiSamples.RequestExtensionWithDocumentAsync(app, id);
        using (var download = await officer.Client.GetAsync($"/api/documents/{documentId}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(ApiSamples.Pdf, await download.Content.ReadAsByteArrayAsync());
        }

        // The supervisor finds the review in their tasks and decides with the approve command.
        var (_, tasks) = await supervisor.GetJsonAsync("/api/tasks");
        Assert.Contains(tasks.EnumerateArray(), t => t.GetProperty("caseId").GetInt64() == id && t.GetProperty("kind").GetString() == "extension-review");
        var newLastDay = originalLastDay.AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (status, approved) = await supervisor.PostJsonAsync($"/api/cases/{id}/commands/approve-extension",
            new { data = new Dictionary<string, string> { ["newLastDay"] = newLastDay } });

        Assert.True(status == HttpStatusCode.OK, approved.ToString());
        Assert.Equal("extended", approved.GetProperty("state").GetString());
        Assert.Equal(newLastDay, approved.GetProperty("deadline").GetProperty("lastDay").GetString());
        Assert.Contains(approved.GetProperty("timeline").EnumerateArray(), l => l.GetProperty("actor").GetString() == DemoPeople.SupervisorName);

        // Approving twice is the rules' refusal, with the engine's code; nothing changes.
        var (again, refusal) = await supervisor.PostJsonAsync($"/api/cases/{id}/commands/approve-extension",
            new { data = new Dictionary<string, string> { ["newLastDay"] = newLastDay } });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(ApiClient.ProblemPrefix + "rule-refused", refusal.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(refusal.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_task_is_completed_with_an_outcome_it_leaves_the_officers_tasks_and_the_case_moves_on()
    {
        var id = await ApiSamples.OpenCaseAsync(app, 302, "technology", "郴州示例接口任务铅业有限公司", ApiSamples.TechnologyVariables);
        var taskId = await ApiSamples.OpenTaskAsync(app, id);
        using var officer = await ApiClient.OpenAsync(app.BaseAddress, ApiSamples.Officer);
        var (_, before) = await officer.GetJsonAsync("/api/tasks");
        Assert.Contains(before.EnumerateArray(), t => t.GetProperty("taskId").GetInt64() == taskId);
        var (_, page) = await officer.GetJsonAsync($"/api/cases/{id}");
        var action = page.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("command").GetString() == "demolishable");
        Assert.Equal(taskId, action.GetProperty("taskId").GetInt64());

        var (status, after) = await officer.PostJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "demolishable" });

        Assert.True(status == HttpStatusCode.OK, after.ToString());
        Assert.Equal("demolishing", after.GetProperty("state").GetString());
        Assert.Contains(after.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("id").GetInt64() == taskId && t.GetProperty("outcome").GetString() == "demolishable");
        var (_, remaining) = await officer.GetJsonAsync("/api/tasks");
        Assert.DoesNotContain(remaining.EnumerateArray(), t => t.GetProperty("taskId").GetInt64() == taskId);
    }

    [Fact]
    public async Task The_case_list_filters_and_pages_as_the_database_holds_the_cases_in_scope()
    {
        var id = await ApiSamples.OpenCaseAsync(app, 303, "energy", "郴州示例接口列表水泥有限公司");
        using var county = await ApiClient.OpenAsync(app.BaseAddress, DemoPeople.County);
        using var office = await ApiClient.OpenAsync(app.BaseAddress, DemoPeople.Office);

        var (_, found) = await office.GetJsonAsync("/api/cases?q=" + ApiSamples.CreditCodeOf(303));
        var (_, all) = await office.GetJsonAsync("/api/cases?status=all");
        var (_, yellow) = await office.GetJsonAsync("/api/cases?status=all&card=Yellow&sort=Number&desc=true");
        var (_, beyond) = await office.GetJsonAsync("/api/cases?status=all&page=2");
        var (_, countyList) = await county.GetJsonAsync("/api/cases?status=all");

        Assert.Equal(id, found.GetProperty("rows").EnumerateArray().Single().GetProperty("id").GetInt64());
        var inCity = await app.ScalarAsync<long>(
            """
            select count(*) from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id
            join capacity_exit.enterprises e on e.id = i.enterprise_id join capacity_exit.jurisdictions j on j.id = e.county_id
            join capacity_exit.jurisdictions city on city.id = j.parent_id where city.code = '431000'
            """);
        Assert.Equal(inCity, all.GetProperty("total").GetInt64());
        Assert.Equal(Math.Min(inCity, 50), all.GetProperty("rows").GetArrayLength());
        Assert.Equal(inCity <= 50 ? 0 : Math.Min(inCity - 50, 50), beyond.GetProperty("rows").GetArrayLength());
        var yellowIds = yellow.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(id, yellowIds);
        Assert.Equal(yellowIds.OrderDescending(), yellowIds);
        Assert.All(yellow.GetProperty("rows").EnumerateArray(), r => Assert.Equal("Yellow", r.GetProperty("card").GetString()));
        // 北湖区's officer sees none of the cases of 桂阳县.
        Assert.DoesNotContain(countyList.GetProperty("rows").EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task A_report_is_filed_once_with_a_receipt_and_a_target_is_set_and_listed()
    {
        using var county = await ApiClient.OpenAsync(app.BaseAddress, DemoPeople.County);
        using var office = await ApiClient.OpenAsync(app.BaseAddress, DemoPeople.Office);
        var year = await PastYearWithReportsAsync(county);
        var (_, reports) = await county.GetJsonAsync($"/api/reports?year={year}");
        var owed = reports.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("receiptId").ValueKind == JsonValueKind.Null);
        var filing = new { report = owed.GetProperty("report").GetString(), year, filer = owed.GetProperty("filer").GetString(), note = "接口报送" };

        var (status, receipt) = await county.PostJsonAsync("/api/reports", filing);
        var (again, refusal) = await county.PostJsonAsync("/api/reports", filing);

        Assert.True(status == HttpStatusCode.Created, receipt.ToString());
        Assert.Equal("接口报送", receipt.GetProperty("note").GetString());
        var (_, read) = await office.GetJsonAsync($"/api/reports/receipts/{receipt.GetProperty("receiptId").GetInt64()}");
        Assert.Equal(DemoPeople.County, read.GetProperty("recordedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("only-once", refusal.GetProperty("code").GetString());

        var (set, target) = await office.PostJsonAsync("/api/targets", new
        {
            county = ApiSamples.CountyCode, year = 2026, description = "接口下达的水泥熟料退出目标", amount = 12.5m, unit = "万吨/年", due = "2026-12-31",
        });
        Assert.True(set == HttpStatusCode.Created, target.ToString());
        var (_, targets) = await office.GetJsonAsync("/api/targets?year=2026");
        Assert.Contains(targets.GetProperty("rows").EnumerateArray(), t => t.GetProperty("description").GetString() == "接口下达的水泥熟料退出目标"
            && t.GetProperty("amount").GetDecimal() == 12.5m && t.GetProperty("region").GetString() == "桂阳县");
    }

    [Fact]
    public async Task The_public_lists_show_a_yellow_card_case_without_a_token_and_nothing_internal()
    {
        var id = await ApiSamples.OpenCaseAsync(app, 304, "energy", "郴州示例接口黄牌水泥有限公司");
        using var visitor = await ApiClient.OpenAsync(app.BaseAddress, null);
        // A card list is by the year of the finding, as on the public page.
        var year = await app.ScalarAsync<int>("select extract(year from finding_date)::int from capacity_exit.cases where id = @c", ("c", id));

        var (status, yellow) = await visitor.GetJsonAsync($"/api/public/yellow-cards?city=431000&year={year}");
        var (_, red) = await visitor.GetJsonAsync($"/api/public/red-cards?city=431000&year={year}");
        var (_, exits) = await visitor.GetJsonAsync($"/api/public/exit-list?city=431000&year={year}");
        var (unknown, problem) = await visitor.GetJsonAsync("/api/public/exit-list?city=999999");

        Assert.Equal(HttpStatusCode.OK, status);
        var line = yellow.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("enterprise").GetString() == "郴州示例接口黄牌水泥有限公司");
        Assert.Equal(ApiSamples.CreditCodeOf(304), line.GetProperty("creditCode").GetString());
        Assert.Equal("限期整改（6个月内整改达标）", line.GetProperty("stepTitle").GetString());
        Assert.Equal("2026-11-02", line.GetProperty("findingDate").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("acceptedOn").ValueKind);
        Assert.Equal(["acceptedOn", "amount", "caseId", "county", "creditCode", "enterprise", "exitMeans", "findingDate", "industryZh", "item", "standardZh", "stepTitle", "unit"],
            line.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var (_, otherYear) = await visitor.GetJsonAsync($"/api/public/yellow-cards?city=431000&year={year - 1}");
        Assert.DoesNotContain(otherYear.GetProperty("rows").EnumerateArray(), r => r.GetProperty("creditCode").GetString() == ApiSamples.CreditCodeOf(304));
        Assert.DoesNotContain(red.GetProperty("rows").EnumerateArray(), r => r.GetProperty("creditCode").GetString() == ApiSamples.CreditCodeOf(304));
        Assert.DoesNotContain(exits.GetProperty("rows").EnumerateArray(), r => r.GetProperty("creditCode").GetString() == ApiSamples.CreditCodeOf(304));
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Equal("city", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_case_demolished_and_accepted_with_its_photos_and_opinion_through_the_API_is_on_the_public_exit_list()
    {
        var id = await ApiSamples.OpenCaseAsync(app, 305, "technology", "郴州示例接口退出铅业有限公司", ApiSamples.TechnologyVariables);
        using var officer = await ApiClient.OpenAsync(app.BaseAddress, ApiSamples.Officer);
        using var office = await ApiClient.OpenAsync(app.BaseAddress, DemoPeople.Office);
        using var visitor = await ApiClient.OpenAsync(app.BaseAddress, null);
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        object File(string field, string name, byte[] bytes) => new { field, fileName = name, contentBase64 = Convert.ToBase64String(bytes) };

        var (assessed, _) = await officer.PostJsonAsync($"/api/tasks/{await ApiSamples.OpenTaskAsync(app, id)}/complete", new { outcome = "demolishable" });
        var (demolished, _) = await officer.PostJsonAsync($"/api/cases/{id}/commands/demolished", new { data = new Dictionary<string, string>() });
        var acceptance = await ApiSamples.OpenTaskAsync(app, id);
        // The acceptance opinion as a photo field is refused for its content; nothing moves.
        var (wrongFile, refusal) = await office.PostJsonAsync($"/api/tasks/{acceptance}/complete", new
        {
            outcome = "accepted",
            files = new[] { File("photosBefore", "前.pdf", ApiSamples.Pdf), File("photosDuring", "中.png", png), File("photosAfter", "后.png", png), File("acceptanceOpinion", "验收意见.pdf", ApiSamples.Pdf) },
        });
        object Acceptance() => new
        {
            outcome = "accepted",
            files = new[] { File("photosBefore", "前.png", png), File("photosDuring", "中.png", png), File("photosAfter", "后.png", png), File("acceptanceOpinion", "验收意见.pdf", ApiSamples.Pdf) },
        };
        // Workers first (002 §三): without the enterprise's resettlement plan the exit is not accepted.
        var (unplanned, noPlan) = await office.PostJsonAsync($"/api/tasks/{acceptance}/complete", Acceptance());
        using (var page = await HttpSession.OpenAsync(app.BaseAddress, DemoPeople.Office))
        {
            var recorded = await page.PostFormAsync("/measures/support", "/measures/support?handler=Plan", new Dictionary<string, string>
            {
                ["CreditCode"] = ApiSamples.CreditCodeOf(305), ["Plan.WorkersAffected"] = "30", ["Plan.Transferred"] = "12", ["Plan.Reemployed"] = "10",
                ["Plan.EarlyRetired"] = "5", ["Plan.InsuranceContinued"] = "3",
            });
            Assert.True((int)recorded.StatusCode < 400, $"{(int)recorded.StatusCode}");
        }

        var (accepted, exited) = await office.PostJsonAsync($"/api/tasks/{acceptance}/complete", Acceptance());

        Assert.Equal(HttpStatusCode.OK, assessed);
        Assert.Equal(HttpStatusCode.OK, demolished);
        Assert.Equal(HttpStatusCode.BadRequest, wrongFile);
        Assert.Equal("files[0]", refusal.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.NotEqual(HttpStatusCode.OK, unplanned);
        Assert.Contains("resettlement", noPlan.ToString());
        Assert.True(accepted == HttpStatusCode.OK, exited.ToString());
        Assert.Equal("exited", exited.GetProperty("state").GetString());
        Assert.Equal(4, exited.GetProperty("documents").GetArrayLength());
        var year = await app.ScalarAsync<int>("select extract(year from (finished_at at time zone 'Asia/Shanghai'))::int from capacity_exit.workflow_instances where case_id = @c", ("c", id));
        var (_, list) = await visitor.GetJsonAsync($"/api/public/exit-list?city=431000&year={year}");
        var line = list.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("creditCode").GetString() == ApiSamples.CreditCodeOf(305));
        Assert.Equal("立即拆除主体设备", line.GetProperty("exitMeans").GetString());
        Assert.Equal("铅冶炼", line.GetProperty("industryZh").GetString());
        Assert.Equal(await app.ScalarAsync<DateOnly>("select (finished_at at time zone 'Asia/Shanghai')::date from capacity_exit.workflow_instances where case_id = @c", ("c", id)),
            DateOnly.Parse(line.GetProperty("acceptedOn").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_API_and_the_public_pages_list_the_same_enterprises_for_the_same_city_and_year()
    {
        // A yellow card found in 2026 and one found in 2025: the page and the API put each under its finding year.
        await ApiSamples.OpenCaseAsync(app, 306, "energy", "郴州示例接口对照水泥有限公司");
        await ApiSamples.OpenCaseAsync(app, 307, "energy", "郴州示例接口往年水泥有限公司", findingDate: "2025-06-30");
        using var visitor = await ApiClient.OpenAsync(app.BaseAddress, null);

        foreach (var (api, page) in new[] { ("exit-list", "exit-list"), ("red-cards", "red-list"), ("yellow-cards", "yellow-list") })
        {
            foreach (var year in new[] { 2025, 2026 })
            {
                var (status, list) = await visitor.GetJsonAsync($"/api/public/{api}?city=431000&year={year}");
                var html = await visitor.Client.GetStringAsync($"/public/{page}?City=431000&Year={year}");

                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(CreditCodesOnPage(html), list.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("creditCode").GetString()!).ToList());
            }
        }

        var (_, yellow2026) = await visitor.GetJsonAsync("/api/public/yellow-cards?city=431000&year=2026");
        var (_, yellow2025) = await visitor.GetJsonAsync("/api/public/yellow-cards?city=431000&year=2025");
        Assert.Contains(yellow2026.GetProperty("rows").EnumerateArray(), r => r.GetProperty("creditCode").GetString() == ApiSamples.CreditCodeOf(306));
        Assert.DoesNotContain(yellow2026.GetProperty("rows").EnumerateArray(), r => r.GetProperty("creditCode").GetString() == ApiSamples.CreditCodeOf(307));
        Assert.Contains(yellow2025.GetProperty("rows").EnumerateArray(), r => r.GetProperty("creditCode").GetString() == ApiSamples.CreditCodeOf(307));
    }

    /// <summary>The credit codes of the public list's table, top to bottom (the second column of every list).</summary>
    private static List<string> CreditCodesOnPage(string html)
    {
        var body = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..html.IndexOf("</tbody>", StringComparison.Ordinal)];
        return System.Text.RegularExpressions.Regex.Matches(body, @"<tr>\s*<td>[^<]*</td>\s*<td>([0-9A-Z]{18})</td>")
            .Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>A past year for which the county officer owes reports (the demo's profile asks for them every year).</summary>
    private static async Task<int> PastYearWithReportsAsync(ApiClient county)
    {
        for (var year = 2025; year >= 2020; year--)
        {
            var (_, reports) = await county.GetJsonAsync($"/api/reports?year={year}");
            if (reports.GetProperty("rows").EnumerateArray().Any(r => r.GetProperty("receiptId").ValueKind == JsonValueKind.Null))
            {
                return year;
            }
        }

        throw new InvalidOperationException("the county officer owes no report in 2020–2025");
    }
    [Fact]
    public async Task The_ledger_through_the_API_holds_the_county_s_unmet_target_and_the_officer_s_case_steps_with_the_last_days_of_their_pages()
    {
        // 郑州's demo target for 中原区: unmet, circulated when the demo loaded (001 §五.(五)).
        var dueOn = await app.ScalarAsync<string>(
            "select to_char(t.due_on, 'YYYY-MM-DD') from capacity_exit.annual_targets t join capacity_exit.jurisdictions j on j.id = t.jurisdiction_id where j.code = '410102'");
        using var county = await ApiClient.OpenAsync(app.BaseAddress, "zhengzhou-county");
        using var officer = await ApiClient.OpenAsync(app.BaseAddress, ApiSamples.Officer);

        var (_, targets) = await county.GetJsonAsync("/api/obligations?kind=annual-target");
        var (_, duties) = await officer.GetJsonAsync("/api/obligations?kind=case-task");
        var (_, tasks) = await officer.GetJsonAsync("/api/tasks");
        var (refused, problem) = await officer.GetJsonAsync("/api/obligations?kind=everything");

        var target = Assert.Single(targets.EnumerateArray());
        Assert.Equal(dueOn, target.GetProperty("lastDay").GetString());
        Assert.Equal("circulated-notice", target.GetProperty("rung").GetString());
        Assert.Equal("已通报", target.GetProperty("rungTitle").GetString());
        Assert.Equal("/targets", target.GetProperty("link").GetString());
        // Every case task of /api/tasks is a duty of the ledger with the same last day, one link from its case's form.
        var lastDays = duties.EnumerateArray().Select(d => (d.GetProperty("link").GetString(), d.GetProperty("lastDay").GetString())).ToList();
        Assert.NotEmpty(lastDays);
        foreach (var task in tasks.EnumerateArray())
        {
            Assert.Contains(($"/cases/{task.GetProperty("caseId").GetInt64()}#actions", task.GetProperty("lastDay").GetString()), lastDays);
        }

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("kind", problem.ToString(), StringComparison.Ordinal);
    }
}
