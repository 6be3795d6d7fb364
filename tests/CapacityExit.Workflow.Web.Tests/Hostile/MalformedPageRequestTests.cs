using System.Net;
using CapacityExit.Workflow.Web.Tests.Infrastructure;

namespace CapacityExit.Workflow.Web.Tests.Hostile;

/// <summary>
/// The four causes of server errors the route sweep found, each now a 4xx that says why: a method a page has no
/// handler for (TRACE on the anonymous closure notice and 举报 result pages rendered them with no model), a value
/// that is neither true nor false for a checkbox, a NUL in a query that reached PostgreSQL, and a dashboard job id
/// that is not a number. Also: a handler a page does not have, and a form with a control character or a NUL.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class MalformedPageRequestTests(WebApp app)
{
    [Theory]
    [InlineData("TRACE", "/public/closures/{leadCase}")]
    [InlineData("TRACE", "/public/reports/JBNOSUCHRECEIPT")]
    [InlineData("TRACE", "/")]
    [InlineData("OPTIONS", "/public/report")]
    [InlineData("PUT", "/public/exit-list")]
    [InlineData("DELETE", "/public/reports")]
    [InlineData("PATCH", "/public/closures/{leadCase}")]
    public async Task A_method_a_page_has_no_handler_for_is_answered_405_with_the_methods_it_takes(string method, string address)
    {
        using var anonymous = await app.HttpAsync();
        var path = address.Replace("{leadCase}", (await app.CaseIdAsync("郴州示例有色铅业有限公司")).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await anonymous.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("此页面不接受该请求方式", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_posted_form_to_a_page_without_a_post_handler_or_to_a_handler_it_lacks_is_refused_and_writes_nothing()
    {
        using var office = await app.HttpAsync(DemoPeople.Office);
        var token = HttpSession.AntiforgeryToken(await office.Client.GetStringAsync("/dashboard"));
        var feeds = await app.ScalarAsync<long>("select count(*) from capacity_exit.calendar_feed_tokens");

        using var toReadOnly = await office.PostAsync("/measures/prices", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var unnamed = await office.PostAsync("/calendar/subscribe", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var unknown = await office.PostAsync("/calendar/subscribe?handler=nope", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var unknownGet = await office.Client.GetAsync("/verifications?handler=nope");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, toReadOnly.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unnamed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("此页面没有该项操作", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, unknownGet.StatusCode); // an unnamed GET handler takes any name, as Razor Pages chooses
        Assert.Equal(feeds, await app.ScalarAsync<long>("select count(*) from capacity_exit.calendar_feed_tokens"));
    }

    [Fact]
    public async Task A_value_that_is_not_true_or_false_for_a_checkbox_is_refused_with_400_saying_which_in_the_address_and_in_a_form()
    {
        using var office = await app.HttpAsync(DemoPeople.Office);
        using var admin = await app.HttpAsync(DemoPeople.Admin);

        using var lifted = await office.Client.GetAsync("/measures/prices?Lifted=-1");
        using var page = await office.Client.GetAsync("/measures/prices?Lifted=true");
        using var replace = await admin.PostFormAsync("/admin/calendar/add", "/admin/calendar/add", new Dictionary<string, string>
        {
            ["Input.Year"] = "2031", ["Input.Replace"] = "-1",
        });

        Assert.Equal(HttpStatusCode.BadRequest, lifted.StatusCode);
        Assert.Contains("“-1”不是有效的值", WebUtility.HtmlDecode(await lifted.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replace.StatusCode);
        Assert.Contains("“-1”不是有效的值", WebUtility.HtmlDecode(await replace.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_year_no_calendar_holds_on_the_support_page_is_refused_by_name_on_the_page_and_on_a_form_post()
    {
        using var office = await app.HttpAsync(DemoPeople.Office);

        using var read = await office.Client.GetAsync("/measures/support?Year=1998520425");
        using var post = await office.PostFormAsync("/measures/support", "/measures/support?handler=fund", new Dictionary<string, string>
        {
            ["Year"] = "50640782", ["CreditCode"] = "91431002MA9000001X", ["Fund.Applied"] = "1",
        });

        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.Contains("年度1998520425不在2000至", WebUtility.HtmlDecode(await read.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("年度50640782不在2000至", WebUtility.HtmlDecode(await post.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/audit?Login=a%00b")]
    [InlineData("/audit?Login=a%07b")]
    [InlineData("/audit?Kind=%00")]
    [InlineData("/cases?q=%1b%5b31m")]
    [InlineData("/dashboard?x=%00")]
    public async Task A_control_character_in_a_query_value_is_refused_with_400_before_the_page_runs(string address)
    {
        using var admin = await app.HttpAsync(DemoPeople.Admin);

        using var response = await admin.Client.GetAsync(address);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("网址中含有不可见的控制字符", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_control_character_or_a_NUL_in_a_form_value_is_refused_with_400_and_writes_nothing()
    {
        using var office = await app.HttpAsync(DemoPeople.Office);
        var before = await app.ScalarAsync<long>("select count(*) from capacity_exit.annual_targets");

        using var bell = await office.PostFormAsync("/targets/new", "/targets/new", new Dictionary<string, string>
        {
            ["Input.County"] = "431002", ["Input.Year"] = "2026", ["Input.Description"] = "淘汰\u0007水泥", ["Input.Amount"] = "1", ["Input.Unit"] = "万吨/年",
        });
        using var nul = await office.PostFormAsync("/targets/new", "/targets/new", new Dictionary<string, string>
        {
            ["Input.County"] = "431002", ["Input.Year"] = "2026", ["Input.Description"] = "淘汰\0水泥", ["Input.Amount"] = "1", ["Input.Unit"] = "万吨/年",
        });

        Assert.Equal(HttpStatusCode.BadRequest, bell.StatusCode);
        Assert.Contains("提交的表单中含有不可见的控制字符", await bell.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("不可见的控制字符（例如 NUL）", await nul.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.ScalarAsync<long>("select count(*) from capacity_exit.annual_targets"));
    }

    [Fact]
    public async Task The_dashboard_answers_a_job_id_that_is_not_a_number_as_a_missing_job_and_its_commands_take_POST_only()
    {
        using var admin = await app.HttpAsync(DemoPeople.Admin);

        using var details = await admin.Client.GetAsync("/hangfire/jobs/details/null");
        using var real = await admin.Client.GetAsync("/hangfire/jobs/details/1");
        using var command = await admin.Client.GetAsync("/hangfire/jobs/enqueued/delete");
        using var trace = await admin.Client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/hangfire"));

        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Contains("没有这个后台作业", await details.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, command.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, trace.StatusCode);
    }
}
