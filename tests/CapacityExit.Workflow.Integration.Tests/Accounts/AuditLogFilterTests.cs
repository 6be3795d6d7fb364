using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Demo;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Accounts;

/// <summary>The audit log's filter refuses a login with control characters by name, before any query (PostgreSQL refuses a NUL with an error).</summary>
public sealed class AuditLogFilterTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    /// <summary>The demo loaded and the log read on a fixed day, never the machine's.</summary>
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(8)));

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.NewContext();
        await DemoData.LoadAsync(db, _time, CancellationToken.None);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData("a\0b")]
    [InlineData("chenzhou-office\u0007")]
    public async Task A_login_filter_with_control_characters_is_refused_by_name_not_sent_to_the_database(string login)
    {
        await using var db = _database.NewContext();
        var audit = new AuditLog(db, _time);

        var refusal = await Assert.ThrowsAsync<DomainValidationException>(() => audit.QueryAsync("chenzhou-auditor", new AuditFilter(login), CancellationToken.None));

        var error = Assert.Single(refusal.Errors);
        Assert.Equal("login", error.Field);
        Assert.Equal("含有不可见的控制字符", error.MessageZh);
        var (rows, _) = await audit.QueryAsync("chenzhou-auditor", new AuditFilter("chenzhou-office"), CancellationToken.None);
        Assert.NotNull(rows);
    }
}
