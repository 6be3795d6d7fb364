using System.Net;
using System.Text.Json;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Hosting;

public sealed class HostStartupTests
{
    [Fact]
    public async Task The_host_migrates_loads_demo_data_and_shows_its_name_and_database_health()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["CapacityExit__LoadDemoData"] = "true",
        });
        await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var health = await client.GetAsync("/health");
        var home = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
        Assert.Contains("<h1>落后产能退出工作平台</h1>", home);
        Assert.Contains("数据库状态：正常", home);
        Assert.Contains("企业 18 家", home); // the twelve of the demo data, the exited, sealed and over-emitting ones of the public lists (DemoPublic), issue 19's two exited ones in 桂阳县 (DemoMeasures), the coal mine in 资兴市 (DemoCoal, no case)

        // The demo makes one of each fall due on the day it loads: the dispatcher fires a reminder within seconds,
        // and the ladder has issued a 通报 and, for a county already circulated, a 约谈.
        await using var db = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await db.OpenAsync();
        var reminders = 0L;
        for (var i = 0; i < 60 && reminders == 0; i++)
        {
            await using var count = new Npgsql.NpgsqlCommand("select count(*) from capacity_exit.outbox_messages where kind = 'reminder'", db);
            reminders = (long)(await count.ExecuteScalarAsync())!;
            await Task.Delay(500);
        }

        Assert.True(reminders > 0, "a reminder fell due on the day the demo loaded");
        // A county circulated ten working days ago over a late report (北湖区 when 郴州's calendar allows), summoned
        // today; 中原区 circulated over its annual target.
        var issued = new List<(string Kind, string Laggard, string Title)>();
        await using (var read = new Npgsql.NpgsqlCommand("select kind, laggard, title from capacity_exit.issued_notices where kind in ('circulated-notice', 'interview-summons') order by id", db))
        await using (var rows = await read.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                issued.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2)));
            }
        }

        // (The price notices to the power supplier, issue 19, follow the open cases on their own: not counted here.)
        Assert.Equal(3, issued.Count);
        Assert.Contains(issued, n => n.Kind == "circulated-notice" && n.Laggard == "中原区人民政府"
            && System.Text.RegularExpressions.Regex.IsMatch(n.Title, @"^关于中原区人民政府未完成\d{4}年度落后产能退出目标任务（水泥熟料60万吨/年，至\d+月\d+日退出0万吨/年）的通报$"));
        var late = Assert.Single(issued, n => n.Kind == "circulated-notice" && n.Title.Contains("未按期报送"));
        Assert.Matches($@"^关于{late.Laggard}未按期报送\d{{4}}年“[^”]+”的通报$", late.Title);
        Assert.Contains(issued, n => n.Kind == "interview-summons" && n.Laggard == late.Laggard);
        // Each is dated when the demo says it happened: the 通报 ten working days ago, in its record and its .docx.
        var dated = new Dictionary<string, (DateOnly On, byte[] Docx)>();
        await using (var read = new Npgsql.NpgsqlCommand(
            "select kind, issued_on, docx from capacity_exit.issued_notices where laggard = @laggard order by id", db))
        {
            read.Parameters.AddWithValue("laggard", late.Laggard);
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                dated[rows.GetString(0)] = (await rows.GetFieldValueAsync<DateOnly>(1), await rows.GetFieldValueAsync<byte[]>(2));
            }
        }

        var calendar = CapacityExit.Workflow.Core.Workflows.WorkflowFileReader.LoadCalendar(Path.Combine(RepoPaths.Root, "workflows", "calendar", "cn-holidays.txt"))
            .WithProvisionalYears(2);
        var today = CapacityExit.Workflow.Domain.Deadlines.ChinaTime.Today(TimeProvider.System);
        var tenWorkingDaysAgo = calendar.AddWorkingDays(today, -10);
        Assert.Equal(tenWorkingDaysAgo, dated["circulated-notice"].On);
        Assert.Equal(today, dated["interview-summons"].On);
        Assert.Contains($"{tenWorkingDaysAgo.Year}年{tenWorkingDaysAgo.Month}月{tenWorkingDaysAgo.Day}日",
            CapacityExit.Workflow.Core.Notices.NoticeDocument.ReadParagraphs(dated["circulated-notice"].Docx));
        // Reports coming due are reminded to whoever owes them (郴州's annual report, 湛江's year-end feedback, …).
        await using var reportReminders = new Npgsql.NpgsqlCommand("select count(*) from capacity_exit.outbox_messages where kind = 'report-reminder'", db);
        Assert.True((long)(await reportReminders.ExecuteScalarAsync())! > 0, "reports coming due were reminded");
    }

    [Fact]
    public async Task The_host_reports_an_unreachable_database_as_unhealthy()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = database.ConnectionString,
        });
        await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        await database.DisposeAsync(); // the database disappears under the running host

        var health = await client.GetAsync("/health");
        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, home.StatusCode);
        Assert.Contains("数据库状态：不可用", await home.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("ConnectionStrings__Default", "", "ConnectionStrings:Default")]
    [InlineData("ConnectionStrings__Default", "Host=127.0.0.1;Bogus Key=1", "not a valid PostgreSQL connection string")]
    [InlineData("CapacityExit__LoadDemoData", "sometimes", "'sometimes' is not true or false")]
    [InlineData("CapacityExit__PublicBaseUrl", "tth.example.gov.cn", "configuration 'CapacityExit:PublicBaseUrl': 'tth.example.gov.cn' is not an absolute http or https address")]
    [InlineData("CapacityExit__PublicBaseUrl", "https://tth.example.gov.cn/?x=1", "configuration 'CapacityExit:PublicBaseUrl'")]
    public async Task A_bad_configuration_value_stops_start_up_naming_the_key_and_the_reason(string key, string value, string expected)
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=1;Database=none" };
        environment[key] = value;
        await using var host = HostProcess.Start(environment);

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("CapacityExit.Workflow cannot start", host.Output);
        Assert.Contains(expected, host.Output);
    }
}
