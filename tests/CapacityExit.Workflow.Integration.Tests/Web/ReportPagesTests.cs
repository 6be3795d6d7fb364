using System.Net;
using System.Text.RegularExpressions;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>Reports owed, filing with its receipt, and annual targets, over HTTP on the real host with the demo data.</summary>
[Collection(OfficePagesCollection.Name)]
public sealed partial class ReportPagesTests(OfficeHost office) : IClassFixture<OfficeHost>
{
    private const string Annual = "/reports/file?report=annual-report&filer=jurisdiction%3A{0}&year=2026";

    [Fact]
    public async Task A_county_officer_sees_only_its_county_files_its_report_and_gets_a_receipt()
    {
        using var county = await office.SignInAsync("chenzhou-county");
        var before = await county.PageAsync("/reports");
        var link = Assert.Single(FileLinks().Matches(before).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));

        var filed = await county.PostAsync(link, link, ("Report", "annual-report"), ("Filer", "jurisdiction:11"), ("Year", "2026"), ("Note", "北湖区2026年度淘汰落后产能工作总结，1份"));
        var (status, receipt) = await county.FollowAsync(filed);
        var after = await county.PageAsync("/reports");

        Assert.All(Filers().Matches(before), m => Assert.Equal("jurisdiction:11", m.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("^/reports/receipt/[0-9]+$", filed.Headers.Location!.OriginalString);
        Assert.Contains("已收到：北湖区 2026年年度淘汰落后产能工作情况", receipt);
        Assert.Contains("北湖区2026年度淘汰落后产能工作总结，1份", receipt);
        Assert.Matches("id=\"receipt-number\">[0-9]+<", receipt);
        Assert.Matches("id=\"received-at\">2026-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}<", receipt);
        Assert.Empty(FileLinks().Matches(after));
        Assert.Equal(2, Regex.Count(after, "已报送 2026-"));

        var again = await county.PostWithTokenAsync(link, OfficeClient.Token(await county.PageAsync("/reports")),
            ("Report", "annual-report"), ("Filer", "jurisdiction:11"), ("Year", "2026"), ("Note", "再报一次"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已于", await OfficeClient.BodyAsync(again));

        using var bureau = await office.SignInAsync("chenzhou-industryit");
        using var chief = await office.SignInAsync("chenzhou-office");
        // A bureau that did not file it does not see the receipt: it reads as absent (the scope rule, docs/security.md).
        Assert.Equal(HttpStatusCode.NotFound, await bureau.FinalStatusAsync(await bureau.GetAsync(filed.Headers.Location.OriginalString)));
        Assert.Contains("已收到：北湖区", await chief.PageAsync(filed.Headers.Location.OriginalString));
    }

    [Fact]
    public async Task A_bad_note_is_refused_beside_its_field_and_a_forged_filer_gets_404()
    {
        using var chief = await office.SignInAsync("chenzhou-office");
        var form = string.Format(System.Globalization.CultureInfo.InvariantCulture, Annual, 12);

        var bad = await chief.PostAsync(form, form, ("Report", "annual-report"), ("Filer", "jurisdiction:12"), ("Year", "2026"), ("Note", new string('长', 2001)));
        var page = await OfficeClient.BodyAsync(bad);
        // A control character is refused before the page runs (the host's request guards), with nothing filed.
        var control = await chief.PostAsync(form, form, ("Report", "annual-report"), ("Filer", "jurisdiction:12"), ("Year", "2026"), ("Note", "收到\u0001"));
        using var county = await office.SignInAsync("chenzhou-county");
        var forged = await county.PostWithTokenAsync(form, OfficeClient.Token(await county.PageAsync("/reports")),
            ("Report", "annual-report"), ("Filer", "jurisdiction:12"), ("Year", "2026"), ("Note", "替别人报"));
        var missing = await county.GetAsync("/reports/receipt/99999999");

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("href=\"#Note\"", page);
        Assert.Contains("说明过长", page);
        Assert.Contains("苏仙区", page);
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        Assert.Contains("不可见的控制字符", await OfficeClient.BodyAsync(control));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains($"<a href=\"{form}\">", await chief.PageAsync("/reports"));
    }

    [Fact]
    public async Task A_bad_target_is_refused_beside_its_fields_and_nothing_is_written_then_a_good_one_shows_its_progress()
    {
        using var chief = await office.SignInAsync("chenzhou-office");

        var bad = await chief.PostAsync("/targets/new", "/targets/new",
            ("Input.County", "431002"), ("Input.Year", "2026"), ("Input.Description", ""), ("Input.Amount", "-5"), ("Input.Unit", "万吨/年"), ("Input.Due", "2025-03-01"));
        var badPage = await OfficeClient.BodyAsync(bad);
        var notANumber = await OfficeClient.BodyAsync(await chief.PostAsync("/targets/new", "/targets/new",
            ("Input.County", "431002"), ("Input.Year", "2026"), ("Input.Description", "淘汰水泥熟料产能"), ("Input.Amount", "三十"), ("Input.Unit", "万吨/年"), ("Input.Due", "")));
        var unchanged = await chief.PageAsync("/targets?year=2026");

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        foreach (var field in new[] { "Input_Description", "Input_Amount", "Input_Due" })
        {
            Assert.Contains($"href=\"#{field}\"", badPage);
        }

        Assert.Contains("完成期限2025-03-01不在2026年内", badPage);
        Assert.Contains("目标产能-5应为正数", badPage);
        Assert.Contains("“三十”无效", notANumber);
        Assert.Contains("id=\"no-targets\"", unchanged);

        var good = await chief.PostAsync("/targets/new", "/targets/new",
            ("Input.County", "431002"), ("Input.Year", "2026"), ("Input.Description", "淘汰水泥熟料产能"), ("Input.Amount", "30"), ("Input.Unit", "万吨/年"), ("Input.Due", ""));
        var (_, shown) = await chief.FollowAsync(good);
        var twice = await OfficeClient.BodyAsync(await chief.PostAsync("/targets/new", "/targets/new",
            ("Input.County", "431002"), ("Input.Year", "2026"), ("Input.Description", "淘汰水泥熟料产能"), ("Input.Amount", "30"), ("Input.Unit", "万吨/年"), ("Input.Due", "")));

        Assert.Contains("已下达：北湖区 2026年“淘汰水泥熟料产能” 30 万吨/年，2026-12-31前完成", shown);
        Assert.Contains("<td>淘汰水泥熟料产能</td>", shown);
        Assert.Contains("进行中", shown);
        Assert.Contains("目标已下达", twice);
        Assert.Single(Regex.Matches(await chief.PageAsync("/targets?year=2026"), "<td>淘汰水泥熟料产能</td>"));

        using var county = await office.SignInAsync("chenzhou-county");
        Assert.Equal(HttpStatusCode.Forbidden, await county.FinalStatusAsync(await county.GetAsync("/targets/new")));
        Assert.Contains("<td>淘汰水泥熟料产能</td>", await county.PageAsync("/targets?year=2026"));
    }

    [GeneratedRegex("<a href=\"(/reports/file\\?[^\"]+)\">")]
    private static partial Regex FileLinks();

    [GeneratedRegex("data-filer=\"([^\"]+)\"")]
    private static partial Regex Filers();
}
