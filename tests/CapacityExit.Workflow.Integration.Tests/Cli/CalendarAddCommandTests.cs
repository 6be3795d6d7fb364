using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>
/// capacity-exit calendar add on an installation with a database: the open cases' provisional deadlines are recounted,
/// the year is kept in the database (the shipped file untouched), and calendar show reads it there; without a database
/// the CLI reads the shipped file.
/// </summary>
[Collection("cli-environment")]
public sealed class CalendarAddCommandTests : IAsyncLifetime
{
    private readonly TempRoot _root = new();
    private readonly WorkflowTestHost _host;

    public CalendarAddCommandTests() => _host = new WorkflowTestHost(_root.Path);

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8)));
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _host.Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        await _host.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task Calendar_add_recounts_the_provisional_deadlines_and_tells_the_bureau()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 8, 6), "郴州市工业和信息化局");
        Assert.Equal("2027-02-08", await Payload(caseId)); // 2027-02-06 is a Saturday: Monday, by the weekend rule alone

        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(["calendar", "add", "--year", "2027", "--notice", "国务院办公厅关于2027年部分节假日安排的通知",
            "--holiday", "元旦:2027-01-01..2027-01-03;春节:2027-02-06..2027-02-13:work=2027-02-14,2027-02-20"],
            new CliContext(output, error, _host.Time, () => _root.Path));

        Assert.True(code == 0, error.ToString());
        Assert.Contains("1件的1个期限", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("已通知1个责任部门", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("2027-02-14", await Payload(caseId)); // over 春节 to the make-up Sunday
        Assert.Contains("最后一日由2027-02-08改为2027-02-14", await _host.ScalarAsync<string>(
            "select why from capacity_exit.case_history where case_id = @id and actor = 'system:calendar'", ("id", caseId)), StringComparison.Ordinal);
        Assert.Equal(1L, await _host.ScalarAsync<long>("select count(*) from capacity_exit.outbox_messages where kind = 'deadlines-moved'"));

        // Kept in the database, the shipped file untouched: the CLI with the database reads what the hosts read, without it the file.
        Assert.DoesNotContain("[2027]", await File.ReadAllTextAsync(_root.Workflow("calendar/cn-holidays.txt")), StringComparison.Ordinal);
        Assert.Contains("2027  国务院办公厅关于2027年部分节假日安排的通知", await ShowAsync());
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        var withoutDatabase = await ShowAsync();
        Assert.Contains("2026  国务院办公厅关于2026年部分节假日安排的通知", withoutDatabase);
        Assert.DoesNotContain("2027", withoutDatabase);
    }

    private async Task<string> ShowAsync()
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(["calendar", "show"], new CliContext(output, error, _host.Time, () => _root.Path));
        Assert.True(code == 0, error.ToString());
        return output.ToString();
    }

    private Task<string> Payload(long caseId) => _host.ScalarAsync<string>(
        "select payload from capacity_exit.workflow_timers where case_id = @id and key = 'rectifying/rectification-deadline' and status = 'Pending'", ("id", caseId));
}
