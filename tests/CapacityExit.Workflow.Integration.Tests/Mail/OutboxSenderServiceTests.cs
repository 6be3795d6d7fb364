using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>The hosted loop as AddCapacityExitMail registers it, on the real clock: rows written while it runs go out.</summary>
public sealed class OutboxSenderServiceTests : IAsyncLifetime
{
    private readonly OutboxKit _kit = new();

    public Task InitializeAsync() => _kit.InitializeAsync();

    public Task DisposeAsync() => _kit.DisposeAsync();

    [Fact]
    public async Task The_registered_service_delivers_new_rows_and_reports_to_health_degraded_while_the_server_is_down()
    {
        await using var server = await SmtpServer.StartAsync(Path.Combine(_kit.Scratch, "maildir"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _kit.Scratch, DisableDefaults = true });
        builder.Configuration["ConnectionStrings:Default"] = _kit.Database.ConnectionString;
        builder.Configuration["CapacityExit:MigrateAtStartup"] = "false";
        builder.Configuration["CapacityExit:Mail:Host"] = "127.0.0.1";
        builder.Configuration["CapacityExit:Mail:Port"] = server.Port.ToString();
        builder.Configuration["CapacityExit:Mail:BaseRetryDelaySeconds"] = "1";
        builder.AddCapacityExitCore();
        builder.AddCapacityExitMail(_kit.Scratch);
        builder.Services.AddScoped<IMailComposer, ChineseTestComposer>();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            // Rows stamped with the real clock this time: the service runs on TimeProvider.System.
            var first = await InsertNowAsync("office@chenzhou.example.cn");
            await WaitForAsync(async () => (await _kit.RowAsync(first)).Status == OutboxStatus.Sent);
            var healthy = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

            await server.StopAsync();
            var second = await InsertNowAsync("county@chenzhou.example.cn");
            await WaitForAsync(async () => (await _kit.RowAsync(second)).Tries >= 1);
            // The try is counted when the row is claimed, before the connection is refused: wait for the report.
            HealthReport? degraded = null;
            await WaitForAsync(async () =>
                (degraded = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["mail-outbox"].Status != HealthStatus.Healthy);
            await server.StartAsync();
            await WaitForAsync(async () => (await _kit.RowAsync(second)).Status == OutboxStatus.Sent);

            Assert.Equal(HealthStatus.Healthy, healthy.Entries["mail-outbox"].Status);
            Assert.Equal(HealthStatus.Degraded, degraded!.Entries["mail-outbox"].Status);
            Assert.Contains("ConnectionRefused", degraded.Entries["mail-outbox"].Description);
            Assert.Equal(2, server.Messages().Count);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private async Task<long> InsertNowAsync(string to)
    {
        _kit.Time.SetUtcNow(TimeProvider.System.GetUtcNow());
        return await _kit.AddToAsync(to);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException("the outbox sender service did not get there within 30 s");
            }

            await Task.Delay(100);
        }
    }
}
