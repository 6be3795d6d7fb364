using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Scheduling;

/// <summary>CapacityExit:Hangfire:Cron:JOB-ID moves a calendar job; a wrong one stops start-up with its key.</summary>
public sealed class CronSettingTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData("CapacityExit__Hangfire__Cron__nightly-consistency-check", "0 25 * * *",
        "configuration 'CapacityExit:Hangfire:Cron:nightly-consistency-check': '0 25 * * *' is not a cron expression")]
    [InlineData("CapacityExit__Hangfire__Cron__nightly-check", "0 3 * * *",
        "configuration 'CapacityExit:Hangfire:Cron:nightly-check': there is no calendar job 'nightly-check'; the jobs are daily-digest, ")]
    public async Task A_time_that_is_no_cron_or_names_no_job_stops_start_up_with_the_key(string key, string value, string expected)
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            [key] = value,
        });

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains($"CapacityExit.Workflow cannot start: {expected}", host.Output);
    }
}
