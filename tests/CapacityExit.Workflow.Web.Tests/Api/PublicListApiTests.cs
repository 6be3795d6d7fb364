using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>
/// The four lists the seeds ask to publish besides (over-emission, sealed equipment, census results, target completion)
/// read by a program without a token: the same rows, cell for cell, as their public pages show a visitor for the same
/// city and year on the demo, and nothing internal in a line.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PublicListApiTests(WebApp app)
{
    /// <summary>Each list: its API, its page, the line's fields, and the line as the page's cells in the page's order.</summary>
    private static readonly (string Api, string Page, string[] Fields, Func<JsonElement, List<string>> Cells)[] Lists =
    [
        ("over-emission", "over-emission", ["county", "creditCode", "enterprise", "findingDate", "industryZh", "item", "listZh", "serious", "stepTitle"],
            l => [S(l, "enterprise"), S(l, "creditCode"), S(l, "county"), S(l, "item"), S(l, "industryZh"), S(l, "listZh"), S(l, "findingDate"), S(l, "stepTitle")]),
        ("sealed-equipment", "sealed-equipment",
            ["amount", "county", "creditCode", "demolitionDate", "enterprise", "governmentNoticeUrl", "industryZh", "item", "noticePath", "noticedOn", "stepTitle", "unit"],
            l => [S(l, "enterprise"), S(l, "creditCode"), S(l, "county"), S(l, "item"), S(l, "industryZh"), N(l, "amount"), S(l, "unit"), S(l, "noticedOn"),
                S(l, "demolitionDate"), S(l, "stepTitle"), S(l, "governmentNoticeUrl"), S(l, "noticePath")]),
        ("census", "census", ["amount", "county", "creditCode", "enterprise", "findingDate", "industryZh", "item", "standardZh", "stepTitle", "unit"],
            l => [S(l, "enterprise"), S(l, "creditCode"), S(l, "county"), S(l, "item"), S(l, "industryZh"), N(l, "amount"), S(l, "unit"), S(l, "standardZh"),
                S(l, "findingDate"), S(l, "stepTitle")]),
        ("targets", "targets", ["amount", "completion", "completionZh", "county", "description", "dueOn", "exitedByDue", "exitedToDate", "unit"],
            l => [S(l, "county"), S(l, "description"), N(l, "amount"), S(l, "unit"), S(l, "dueOn"), N(l, "exitedByDue"), N(l, "exitedToDate"), S(l, "completionZh")]),
    ];

    [Fact]
    public async Task An_anonymous_program_reads_the_over_emission_sealed_equipment_census_and_target_lists_as_their_pages_show_them()
    {
        // Every year the demo has something in: the findings, the sealing notices and the targets.
        var years = new List<int>();
        foreach (var sql in new[]
                 {
                     "select array_agg(distinct extract(year from finding_date)::int) from capacity_exit.cases",
                     "select array_agg(distinct extract(year from (at at time zone 'Asia/Shanghai'))::int) from capacity_exit.case_history where to_state = 'awaiting-demolition'",
                     "select array_agg(distinct year) from capacity_exit.annual_targets",
                 })
        {
            years.AddRange(await app.ScalarAsync<int[]>(sql));
        }

        using var visitor = await ApiClient.OpenAsync(app.BaseAddress, null);
        foreach (var (api, page, fields, cells) in Lists)
        {
            var lines = 0;
            foreach (var city in new[] { "431000", "410100" })
            {
                foreach (var year in years.Distinct())
                {
                    var (status, list) = await visitor.GetJsonAsync($"/api/public/{api}?city={city}&year={year}");
                    var html = await visitor.Client.GetStringAsync($"/public/{page}?City={city}&Year={year}");

                    Assert.Equal(HttpStatusCode.OK, status);
                    Assert.Equal((city, year), (list.GetProperty("cityCode").GetString(), list.GetProperty("year").GetInt32()));
                    var rows = list.GetProperty("rows").EnumerateArray().ToList();
                    Assert.All(rows, l => Assert.Equal(fields, l.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
                    Assert.Equal(RowsOnPage(html), rows.Select(cells).ToList());
                    lines += rows.Count;
                }
            }

            Assert.True(lines > 0, $"the demo has rows on /public/{page}");
        }

        var (_, targets) = await visitor.GetJsonAsync("/api/public/targets?city=410100&year=" + years.Max());
        var (unknown, problem) = await visitor.GetJsonAsync("/api/public/census?city=999999");
        Assert.Contains(targets.GetProperty("rows").EnumerateArray(), t => t.GetProperty("county").GetString() == "中原区"
            && t.GetProperty("completion").GetString() == "Missed" && t.GetProperty("completionZh").GetString() == "未完成");
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Equal("city", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    private static string S(JsonElement line, string name) => line.GetProperty(name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : "";

    private static string N(JsonElement line, string name) => line.GetProperty(name).GetDecimal().ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The cells of the public table's rows as a visitor reads them; a link cell as the address it opens.</summary>
    private static List<List<string>> RowsOnPage(string html)
    {
        var start = html.IndexOf("<tbody>", html.IndexOf("id=\"public-list\"", StringComparison.Ordinal), StringComparison.Ordinal);
        var body = html[start..html.IndexOf("</tbody>", start, StringComparison.Ordinal)];
        return Regex.Matches(body, @"<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, @"<td([^>]*)>(.*?)</td>", RegexOptions.Singleline).Select(Cell).ToList())
            .Where(cells => !(cells.Count == 1 && cells[0] == "\0empty"))
            .ToList();
    }

    private static string Cell(Match td)
    {
        if (td.Groups[1].Value.Contains("id=\"empty\"", StringComparison.Ordinal))
        {
            return "\0empty";
        }

        var link = Regex.Match(td.Groups[2].Value, "<a href=\"([^\"]*)\"");
        return WebUtility.HtmlDecode(link.Success ? link.Groups[1].Value : Regex.Replace(td.Groups[2].Value, "<[^>]+>", "")).Trim();
    }
}
