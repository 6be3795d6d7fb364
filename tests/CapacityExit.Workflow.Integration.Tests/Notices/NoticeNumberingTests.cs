using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>Document numbers per issuer and year: 1, 2, 3 … with no repeat under concurrency and no gap after a rollback.</summary>
public sealed class NoticeNumberingTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task<int> AllocateAsync(string issuer, int year, bool commit)
    {
        await using var db = _host.Database.NewContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        var number = await NoticeNumbers.AllocateAsync(db, issuer, year, CancellationToken.None);
        if (commit)
        {
            await tx.CommitAsync();
        }

        return number;
    }

    [Fact]
    public async Task Numbers_run_per_issuer_and_year_without_repeats_or_gaps()
    {
        Assert.Equal(1, await AllocateAsync("chenzhou-2017", 2026, commit: true));
        Assert.Equal(2, await AllocateAsync("chenzhou-2017", 2026, commit: true));
        Assert.Equal(3, await AllocateAsync("chenzhou-2017", 2026, commit: false)); // rolled back: 3 is given back
        Assert.Equal(3, await AllocateAsync("chenzhou-2017", 2026, commit: true));
        Assert.Equal(1, await AllocateAsync("henan-2021", 2026, commit: true));
        Assert.Equal(1, await AllocateAsync("chenzhou-2017", 2027, commit: true));

        // Two issuers at once: the second waits on the first's row lock, then takes the next number.
        await using var first = _host.Database.NewContext();
        await using var firstTx = await first.Database.BeginTransactionAsync();
        var a = await NoticeNumbers.AllocateAsync(first, "chenzhou-2017", 2026, CancellationToken.None);
        var second = Task.Run(() => AllocateAsync("chenzhou-2017", 2026, commit: true));
        await WaitForALockWaitAsync();
        Assert.False(second.IsCompleted); // blocked until the first commits
        await firstTx.CommitAsync();
        Assert.Equal((4, 5), (a, await second));

        await using var without = _host.Database.NewContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => NoticeNumbers.AllocateAsync(without, "chenzhou-2017", 2026, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_notices_get_distinct_numbers_and_a_rolled_back_notice_leaves_nothing()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var request = new NoticeRequest(MessageKinds.CirculatedNotice, caseId, null, "郴州市工业和信息化局", "bureau-officer", "未按期督促完成落后产能整改", "chenzhou-office");

        async Task<string?> IssueAsync(bool commit) => await _host.InScopeAsync(async sp =>
        {
            var kit = new NoticeKit(sp, _host);
            await using var tx = await kit.Db.Database.BeginTransactionAsync();
            var notice = await kit.Notices.IssueAsync(request, CancellationToken.None);
            if (!commit)
            {
                return null;
            }

            await tx.CommitAsync();
            return notice.DocumentNumber;
        });

        await IssueAsync(commit: false);
        var numbers = await Task.WhenAll(IssueAsync(true), IssueAsync(true));
        Assert.Equal(["郴淘汰办〔2026〕1号", "郴淘汰办〔2026〕2号"], numbers.Order());

        await using var db = _host.Database.NewContext();
        Assert.Equal(2, await db.Set<IssuedNotice>().CountAsync());
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == MessageKinds.CirculatedNotice));
        Assert.Equal(2, await db.CaseHistory.CountAsync(h => h.CaseId == caseId && h.What.StartsWith("通报 郴淘汰办〔2026〕")));
    }

    /// <summary>Until some session of the test database waits on a lock (at most 10 s).</summary>
    private async Task WaitForALockWaitAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await _host.ScalarAsync<long>("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") == 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the second issuer never waited on the first's row lock");
            await Task.Delay(20);
        }
    }
}
