using System.Net;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>
/// 我的待办 on the demo data: every kind of duty a person owes in one list — a 举报 to verify, a programme task, a report
/// the county has not filed, a case step — each with its last day and a link to the form that discharges it, filtered by
/// kind and due window, and the .xlsx with the same rows.
/// </summary>
[Collection(OfficePagesCollection.Name)]
public sealed partial class TaskListPagesTests(OfficeHost office) : IClassFixture<OfficeHost>
{
    [GeneratedRegex("<tr class=\"kind-(\\w+)\">(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    private static List<(string Kind, string Html)> Rows(string page) =>
        Row().Matches(page).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

    [Fact]
    public async Task A_bureau_officer_finds_the_public_report_to_verify_in_the_list_with_its_last_day_and_a_link_to_the_verification()
    {
        await using var db = office.Database.NewContext();
        var report = await db.PublicReports.AsNoTracking().SingleAsync(r => r.Enterprise == "桂阳县某烟花作坊（示例）" && r.Status == PublicReportStatus.Verifying);
        using var safety = await office.SignInAsync("chenzhou-emergencymanagement");

        var rows = Rows(await safety.PageAsync("/tasks"));

        var (_, html) = Assert.Single(rows, r => r.Kind == "PublicReport");
        Assert.Contains($"href=\"/verifications/{report.Id}\"", html);
        Assert.Contains(report.DueOn!.Value.ToString("yyyy-MM-dd"), html);
        Assert.Contains(report.ReceiptNumber, html);
        // The same person's list filtered to the kind, and another bureau's list, which does not hold it.
        Assert.All(Rows(await safety.PageAsync("/tasks?kind=PublicReport")), r => Assert.Equal("PublicReport", r.Kind));
        using var industry = await office.SignInAsync("chenzhou-industryit");
        Assert.DoesNotContain(Rows(await industry.PageAsync("/tasks")), r => r.Html.Contains($"/verifications/{report.Id}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_coal_bureau_finds_the_demo_mine_s_holiday_breach_task_and_the_office_which_may_complete_it_too()
    {
        await using var db = office.Database.NewContext();
        var task = await db.ProgrammeTasks.AsNoTracking().Where(t => t.Kind == ProgrammeTaskKinds.CoalBreach && t.Status == ProgrammeTaskStatus.Open).OrderBy(t => t.Id).FirstAsync();
        using var development = await office.SignInAsync("chenzhou-development");
        using var clerk = await office.SignInAsync("chenzhou-office");

        foreach (var person in new[] { development, clerk })
        {
            var (_, html) = Assert.Single(Rows(await person.PageAsync("/tasks?kind=ProgrammeTask")), r => r.Html.Contains($"/programmes/tasks/{task.Id}/complete\"", StringComparison.Ordinal));
            Assert.Contains(task.DueOn.ToString("yyyy-MM-dd"), html);
            Assert.Contains(task.Title, html);
        }
    }

    [Fact]
    public async Task A_county_officer_finds_the_reports_the_county_has_not_filed_and_the_office_does_not_find_the_counties_reports()
    {
        var year = ChinaTime.Today(TimeProvider.System).Year; // the host runs on the real clock
        using var county = await office.SignInAsync("chenzhou-county");
        using var clerk = await office.SignInAsync("chenzhou-office");

        var reports = Rows(await county.PageAsync("/tasks?kind=Report"));
        var status = await county.PageAsync($"/reports?year={year}");

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Matches("href=\"/reports\\?year=\\d{4}\"", r.Html));
        Assert.All(reports, r => Assert.Contains("北湖区", r.Html));
        Assert.DoesNotContain(Rows(await clerk.PageAsync("/tasks")), r => r.Kind == "Report" && r.Html.Contains("北湖区", StringComparison.Ordinal));
        Assert.Contains("北湖区", status);
    }

    [Fact]
    public async Task A_county_officer_finds_the_county_s_unmet_annual_target_with_its_last_day_and_the_rung_it_reached()
    {
        // The demo's 郑州 target for 中原区, unmet and circulated when the demo loaded (001 §五.(五)).
        await using var db = office.Database.NewContext();
        var zhongyuan = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == "410102");
        var target = await db.AnnualTargets.AsNoTracking().SingleAsync(t => t.JurisdictionId == zhongyuan.Id);
        using var county = await office.SignInAsync("zhengzhou-county");
        using var other = await office.SignInAsync("chenzhou-county");

        var rows = Rows(await county.PageAsync("/tasks?kind=AnnualTarget"));

        var (_, html) = Assert.Single(rows);
        Assert.Contains($"完成{target.Year}年度落后产能退出目标任务", html);
        Assert.Contains(target.DueOn.ToString("yyyy-MM-dd"), html);
        Assert.Contains("已通报", html);
        Assert.Contains("href=\"/targets\"", html);
        Assert.DoesNotContain(Rows(await other.PageAsync("/tasks")), r => r.Kind == "AnnualTarget");
    }

    [Fact]
    public async Task The_export_has_the_page_s_rows_and_a_due_window_that_is_not_offered_is_refused_by_name()
    {
        using var development = await office.SignInAsync("chenzhou-development");

        var page = Rows(await development.PageAsync("/tasks"));
        var export = await development.GetAsync("/tasks?handler=xlsx");
        var refused = await development.GetAsync("/tasks?within=5");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(await export.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(page.Count, rows.Count);
        Assert.Contains(rows, r => r["类别"]?.ToString() == "专项工作");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("期限范围只能是7、30、90天", await OfficeClient.BodyAsync(refused));
    }
}
