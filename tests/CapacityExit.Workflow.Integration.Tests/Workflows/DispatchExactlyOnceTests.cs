using System.Diagnostics;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Workflows;

/// <summary>
/// Exactly-once under concurrency and crashes, on 10,000 due rectification deadlines: each timer's effect (its
/// transition, history row and messages) must happen once whatever the number of dispatchers or kills.
/// </summary>
public sealed class DispatchExactlyOnceTests : IAsyncLifetime
{
    private const int Cases = 10_000;
    private const string DeadlineKey = "rectifying/rectification-deadline";
    private readonly WorkflowTestHost _host = new();

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        var template = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        // 9,999 more cases like it, each with its instance and only its deadline timer pending (cloned in SQL for speed).
        await _host.CloneCaseAsync(template, DeadlineKey, Cases);
        Assert.Equal((long)Cases, await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_timers where status = 'Pending'"));
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 8, 1, 10, 0, 0, TimeSpan.FromHours(8)));
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Two_dispatchers_at_once_fire_each_of_10000_due_timers_exactly_once()
    {
        await using var poolA = NpgsqlDataSource.Create(_host.Database.ConnectionString);
        await using var poolB = NpgsqlDataSource.Create(_host.Database.ConnectionString);
        var a = _host.Dispatcher("host-a", batchSize: 250, poolA);
        var b = _host.Dispatcher("host-b", batchSize: 250, poolB);

        var fired = await Task.WhenAll(Task.Run(() => a.DrainAsync(CancellationToken.None)), Task.Run(() => b.DrainAsync(CancellationToken.None)));

        Assert.Equal(Cases, fired.Sum());
        Assert.All(fired, f => Assert.True(f > 0, "both hosts took part"));
        await AssertEachDeadlineFiredOnceAsync();
    }

    [Fact]
    public async Task A_host_killed_mid_batch_loses_nothing_and_doubles_nothing()
    {
        // A real process (the CLI's dispatch command, same code as the host's dispatcher) on the real clock, where
        // every one of these deadlines is long past; killed with SIGKILL while it works.
        await using var probe = new NpgsqlConnection(_host.Database.ConnectionString);
        await probe.OpenAsync();
        var cli = Process.Start(new ProcessStartInfo("dotnet", [RepoPaths.CliDll, "dispatch", "--batch", "5"])
        {
            UseShellExecute = false,
            Environment = { ["ConnectionStrings__Default"] = _host.Database.ConnectionString, ["CAPACITYEXIT_ROOT"] = RepoPaths.Root },
        })!;
        // Watch on a dedicated thread and connection, so the kill follows the count closely.
        var firedBeforeKill = await Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            using var count = new NpgsqlCommand("select count(*) from capacity_exit.workflow_timers where status = 'Fired'", probe);
            long fired;
            while ((fired = (long)count.ExecuteScalar()!) < 200 && !cli.HasExited && watch.Elapsed < TimeSpan.FromSeconds(90))
            {
                Thread.Sleep(5);
            }

            if (!cli.HasExited)
            {
                cli.Kill();
            }

            return fired;
        });
        await cli.WaitForExitAsync();
        var afterKill = await FiredAsync();

        Assert.NotEqual(0, cli.ExitCode); // it died by SIGKILL, it did not finish
        Assert.InRange(firedBeforeKill, 200, Cases - 1);
        Assert.InRange(afterKill, firedBeforeKill, Cases - 1);

        await _host.Dispatcher("survivor").DrainAsync(CancellationToken.None);

        await AssertEachDeadlineFiredOnceAsync();
        Assert.Equal(afterKill, await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_timers where status = 'Fired' and fired_by like 'cli:%'"));
    }

    private Task<long> FiredAsync() => _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_timers where status = 'Fired'");

    private async Task AssertEachDeadlineFiredOnceAsync()
    {
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_timers where status = 'Pending' and key = @key", ("key", DeadlineKey)));
        Assert.Equal((long)Cases, await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_timers where status = 'Fired' and key = @key", ("key", DeadlineKey)));
        // The effect: exactly one history row of the deadline per case, every case in the bureau's re-inspection with one open reinspection task.
        Assert.Equal(0L, await _host.ScalarAsync<long>("""
            select count(*) from (select case_id from capacity_exit.case_history where timer_key = @key group by case_id having count(*) <> 1) x
            """, ("key", DeadlineKey)));
        Assert.Equal((long)Cases, await _host.ScalarAsync<long>("select count(distinct case_id) from capacity_exit.case_history where timer_key = @key", ("key", DeadlineKey)));
        Assert.Equal((long)Cases, await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_instances where state = 'reinspection'"));
        Assert.Equal((long)Cases, await _host.ScalarAsync<long>("select count(*) from capacity_exit.workflow_tasks where status = 'Open' and key = 'reinspection/reinspection'"));
    }
}
