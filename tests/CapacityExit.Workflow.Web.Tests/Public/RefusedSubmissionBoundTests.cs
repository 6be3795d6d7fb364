using System.Net;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Public;

/// <summary>
/// Refused 举报 cannot fill the database: from one address on one day the first ten refused submissions are kept as they
/// came, the rest only counted, and the office reads the count beside the kept ones.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class RefusedSubmissionBoundTests(WebApp app)
{
    [Fact]
    public async Task Past_ten_refused_submissions_from_one_address_in_a_day_only_a_count_is_kept_and_the_office_reads_it()
    {
        var address = $"203.0.112.{Random.Shared.Next(1, 255)}"; // one address of its own (the proxy says which)
        using var flood = await app.HttpAsync();
        flood.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        var filler = new string('煤', 1000);
        var statuses = new List<HttpStatusCode>();
        for (var n = 1; n <= 30; n++)
        {
            using var response = await flood.PostAsync("/public/report", new Dictionary<string, string>
            {
                ["Input.Enterprise"] = $"刷屏测试企业{n}", ["Input.Place"] = "北湖区", ["Input.WhatWasSeen"] = filler,
            });
            statuses.Add(response.StatusCode);
        }

        // Ten a minute pass the limiter (and fail the form's antiforgery check: nothing stored); twenty are refused.
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(10L, await app.ScalarAsync<long>(
            "select count(*) from capacity_exit.public_reports where client_address = @a and status = 'Refused'", ("a", address)));
        Assert.Equal("刷屏测试企业20", await app.ScalarAsync<string>(
            "select enterprise from capacity_exit.public_reports where client_address = @a order by id desc limit 1", ("a", address)));

        // Each one kept is a line in the audit log too (举报未受理), as bounded as the rows; an administrator reads them.
        Assert.Equal(10L, await app.ScalarAsync<long>(
            "select count(*) from capacity_exit.audit_events where address = @a and kind = 'SubmissionRefused'", ("a", address)));
        using var admin = await app.HttpAsync(DemoPeople.Admin);
        var audit = System.Net.WebUtility.HtmlDecode(await admin.Client.GetStringAsync("/audit?Kind=SubmissionRefused"));
        Assert.Contains("举报提交过于频繁：刷屏测试企业20", audit);

        using var office = await app.HttpAsync(DemoPeople.Office);
        var html = await office.Client.GetStringAsync("/verifications/refused");
        var row = CountedOnlyRows().Matches(html).Select(m => m.Value).SingleOrDefault(r => r.Contains(address, StringComparison.Ordinal));
        Assert.True(row is not null, "no counted-only row for " + address);
        Assert.Equal(["20", "10", "10"], Cells().Matches(row).Select(m => m.Groups[1].Value).Skip(2).ToArray());
        Assert.Contains("其余只计数、不保存内容", html);
    }

    [GeneratedRegex("""<tr>\s*<td class="short">\d{4}-\d{2}-\d{2}</td>.*?</tr>""", RegexOptions.Singleline)]
    private static partial Regex CountedOnlyRows();

    [GeneratedRegex("""<td class="short">(?:<code>)?([^<]*)(?:</code>)?</td>""")]
    private static partial Regex Cells();
}
