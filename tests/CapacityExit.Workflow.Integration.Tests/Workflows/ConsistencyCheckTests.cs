using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Workflows;

public sealed class ConsistencyCheckTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_nightly_check_reports_an_open_case_that_waits_on_nothing_and_a_provisional_deadline()
    {
        var healthy = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var stalled = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 14), "郴州市工业和信息化局");
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8)));
        var provisional = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 11, 20), "郴州市工业和信息化局"); // due in 2027
        await _host.ExecuteAsync("update capacity_exit.workflow_timers set status = 'Cancelled' where case_id = @id", ("id", stalled));

        var job = new ConsistencyCheckJob(_host.Services.GetRequiredService<HolidayCalendar>(), NullLogger<ConsistencyCheckJob>.Instance);
        var summary = await _host.InScopeAsync(async sp =>
        {
            await using var connection = await sp.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var result = await job.RunAsync(connection, transaction, new DateOnly(2026, 11, 22), CancellationToken.None);
            await transaction.CommitAsync();
            return result;
        });

        // The test host loads the twelve demo cases without starting their workflows: reported as such.
        Assert.Equal(12L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.consistency_findings where problem = 'open case without a workflow instance'"));
        Assert.Contains("waits on nothing", await _host.ScalarAsync<string>("select problem from capacity_exit.consistency_findings where case_id = @id", ("id", stalled)));
        Assert.Contains("provisional", await _host.ScalarAsync<string>("select problem from capacity_exit.consistency_findings where case_id = @id", ("id", provisional)));
        Assert.Equal(0L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.consistency_findings where case_id = @id", ("id", healthy)));
        Assert.StartsWith("14 finding(s)", summary);
        Assert.Contains("暂定：2027年放假安排尚未录入", await _host.ScalarAsync<string>(
            "select why from capacity_exit.case_history where case_id = @id order by id limit 1", ("id", provisional)));
    }
}
