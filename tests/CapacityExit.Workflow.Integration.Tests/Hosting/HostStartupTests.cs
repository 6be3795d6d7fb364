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
        Assert.Contains("企业 12 家", home);

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
        // 北湖区 circulated ten working days ago over a late report, summoned today; 中原区 circulated over its target.
        await using var kinds = new Npgsql.NpgsqlCommand("select string_agg(kind || ' ' || document_number || ' ' || title, '; ' order by document_number) from capacity_exit.issued_notices", db);
        Assert.Matches(@"^circulated-notice 郑淘汰落后办〔\d{4}〕1号 关于中原区人民政府未完成\d{4}年度落后产能退出目标任务（水泥熟料60万吨/年，至\d+月\d+日退出0万吨/年）的通报; " +
            @"circulated-notice 郴淘汰办〔\d{4}〕1号 关于北湖区人民政府未按期报送\d{4}年“[^”]+”的通报; interview-summons 郴淘汰办〔\d{4}〕2号 [^;]*北湖区人民政府[^;]*$",
            (string)(await kinds.ExecuteScalarAsync())!);
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
