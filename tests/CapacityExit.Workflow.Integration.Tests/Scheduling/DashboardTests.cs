using System.Net;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Scheduling;

public sealed class DashboardTests
{
    [Fact]
    public async Task An_anonymous_visitor_of_the_dashboard_is_sent_to_sign_in_and_Hangfire_keeps_its_tables_in_its_own_schema()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Default"] = database.ConnectionString });
        await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/?ReturnUrl=%2Fhangfire", response.Headers.Location?.PathAndQuery);
        Assert.DoesNotContain("Hangfire", await response.Content.ReadAsStringAsync());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from information_schema.tables where table_schema = 'hangfire' and table_name in ('job', 'server', 'lock')", connection);
        Assert.Equal(3L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_setting_opens_the_dashboard_to_requests_from_the_machine_itself()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["CapacityExit__Hangfire__DashboardAllowsLocalRequests"] = "true",
        });
        await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var page = await client.GetAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("nightly-consistency-check", await page.Content.ReadAsStringAsync());
    }
}
