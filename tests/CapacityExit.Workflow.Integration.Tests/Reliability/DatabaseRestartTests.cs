using System.Diagnostics;
using System.Net;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Reliability;

public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task The_host_reports_a_PostgreSQL_outage_while_it_lasts_and_carries_on_when_the_server_is_back_without_a_restart()
    {
        await using var cluster = new PrivateCluster();
        await cluster.StartAsync();
        await cluster.CreateDatabaseAsync("capacity_exit");
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = cluster.ConnectionString("capacity_exit"),
            ["CapacityExit__LoadDemoData"] = "true",
        });
        await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, await WaitForHealthAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(30)));

        await cluster.StopAsync();
        var during = await WaitForHealthAsync(client, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        var report = await (await client.GetAsync("/health")).Content.ReadAsStringAsync();
        await cluster.StartAsync();
        var after = await WaitForHealthAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.False(host.HasExited, "the host carried on by itself");
        Assert.Contains("数据库状态：正常", await client.GetStringAsync("/"));
        Assert.Contains("\"postgresql\":{\"status\":\"Unhealthy\"", report);
    }

    private static async Task<HttpStatusCode> WaitForHealthAsync(HttpClient client, HttpStatusCode wanted, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var last = HttpStatusCode.InternalServerError;
        while (watch.Elapsed < limit)
        {
            last = (await client.GetAsync("/health")).StatusCode;
            if (last == wanted)
            {
                return last;
            }

            await Task.Delay(500);
        }

        return last;
    }
}
