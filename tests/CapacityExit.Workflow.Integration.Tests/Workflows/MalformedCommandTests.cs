using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;


namespace CapacityExit.Workflow.Integration.Tests.Workflows;

/// <summary>
/// At least 1,000 generated bad commands into the case service — the one entry point of the CLI, the API and the
/// web pages: unknown people, cases and commands, wrong states, bad and missing dates, huge strings. Each must be
/// answered with a specific error (a validation or a rule refusal, with a message), never crash, and write nothing.
/// </summary>
public sealed class MalformedCommandTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();
    private long _rectifying;
    private long _underReview;

    public sealed record Bad(string Category, long CaseId, string? Login, string? Command, Dictionary<string, string> Data)
    {
        public override string ToString() =>
            $"{Category}: case {CaseId}, {Trim(Login)} {Trim(Command)} {{{string.Join(", ", Data.Select(d => $"{Trim(d.Key)}={Trim(d.Value)}"))}}}";

        private static string Trim(string? s) => s is null ? "null" : s.Length > 40 ? s[..40] + $"…({s.Length})" : s;
    }

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _rectifying = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        _underReview = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 14), "郴州市工业和信息化局");
        await Issue(new Bad("setup", _underReview, "chenzhou-industryit", "request-extension", TestWorkflows.ExtensionRequest("2026-10-14")));
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<WorkflowInstanceState> Issue(Bad c) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<CaseWorkflowService>().IssueAsync(c.CaseId, c.Login, c.Command, c.Data, CancellationToken.None));

    private FsCheck.Gen<Bad> Generator()
    {
        var text = Gen.Elements("", " ", "\t", "null", "'; drop table cases; --", "名称", "😀", "\0", "%s%n", "../../etc/passwd");
        var noise = Gen.OneOf(text, Gen.Choose(1, 5000).Select(n => new string('长', n)), Gen.Choose(0, int.MaxValue).Select(n => $"x{n}"));
        var huge = Gen.Choose(MaxValue + 1, 20_000).Select(n => new string('理', n));
        var badDate = Gen.OneOf(noise, Gen.Elements("2026-02-30", "2026-13-01", "26-10-15", "2026/10/15", "2099-01-01", "2025-01-01", "2026-07-14",
            "2026-10-16", "2027-06-01", "0001-01-01", "9999-12-31", "2026-10-15T00:00:00"));
        var login = Gen.OneOf(Gen.Elements("chenzhou-industryit", "chenzhou-supervisor", "chenzhou-office"));
        var ids = Gen.Elements(_rectifying, _underReview);
        return Gen.OneOf(
            Gen.Zip(noise, ids).Select(x => new Bad("unknown person", x.Item2, "ghost-" + x.Item1, "withdraw", new() { ["reason"] = "r" })),
            Gen.Elements<string?>(null, "", " ").Select(l => new Bad("no person", _rectifying, l, "request-extension", [])),
            Gen.Zip(Gen.Elements(0L, -1L, long.MaxValue, 987_654_321L), login).Select(x => new Bad("unknown case", x.Item1, x.Item2, "withdraw", new() { ["reason"] = "r" })),
            Gen.Zip(noise, ids).Select(x => new Bad("unknown command", x.Item2, "chenzhou-industryit", "x-" + x.Item1, [])),
            Gen.Elements<string?>(null, "", "   ").Select(c => new Bad("no command", _rectifying, "chenzhou-industryit", c, [])),
            Gen.Elements("approve-extension", "reject-extension").Select(c => new Bad("wrong state", _rectifying, "chenzhou-supervisor", c,
                new() { ["newLastDay"] = "2026-09-01", ["reason"] = "r" })),
            badDate.Select(d => new Bad("bad date", _underReview, "chenzhou-supervisor", "approve-extension", new() { ["newLastDay"] = d })),
            Gen.Constant(new Bad("missing date", _underReview, "chenzhou-supervisor", "approve-extension", [])),
            Gen.Elements(("reject-extension", "chenzhou-supervisor", _underReview), ("withdraw", "chenzhou-office", _rectifying))
                .Select(x => new Bad("missing reason", x.Item3, x.Item2, x.Item1, [])),
            huge.Select(r => new Bad("huge string", _rectifying, "chenzhou-office", "withdraw", new() { ["reason"] = r })),
            Gen.Zip(noise, noise).Select(x => new Bad("unknown task", _underReview, "chenzhou-supervisor", "complete-task",
                new() { ["task"] = "t-" + x.Item1, ["outcome"] = x.Item2 })),
            Gen.Constant(new Bad("outcome not allowed", _underReview, "chenzhou-supervisor", "complete-task",
                new() { ["task"] = "extension-review/extension-review", ["outcome"] = "approved-by-shouting" })),
            login.Select(l => new Bad("second request", _underReview, "chenzhou-industryit", "request-extension", [])),
            Gen.Elements("reason", "documentRef", "requestedLastDay").Select(f => new Bad("incomplete request", _rectifying, "chenzhou-industryit",
                "request-extension", TestWorkflows.ExtensionRequest().Where(kv => kv.Key != f).ToDictionary())));
    }

    private const int MaxValue = CaseWorkflowService.MaxValueLength;

    [Fact]
    public async Task A_thousand_generated_bad_commands_each_get_a_specific_error_and_change_nothing()
    {
        var commands = Gen.Sample(Generator(), 1200);
        var before = await FingerprintAsync();
        var categories = new Dictionary<string, int>();

        foreach (var command in commands)
        {
            var error = await Record.ExceptionAsync(() => Issue(command));

            Assert.True(error is DomainValidationException or WorkflowRuleException, $"{command} → {error?.GetType().Name ?? "accepted"}: {error?.Message}");
            Assert.False(string.IsNullOrWhiteSpace(error is WorkflowRuleException r ? r.MessageZh : ((DomainValidationException)error!).Errors[0].MessageZh), $"{command}: no message");
            categories[command.Category] = categories.GetValueOrDefault(command.Category) + 1;
        }

        Assert.Equal(before, await FingerprintAsync());
        Assert.True(categories.Count >= 13, "every kind of bad command was generated: " + string.Join(", ", categories));
    }

    /// <summary>Everything a command could change: states, variables, history, timers, tasks, outbox.</summary>
    private Task<string> FingerprintAsync() => _host.ScalarAsync<string>("""
        select concat_ws('|',
          (select string_agg(case_id || ':' || state || ':' || revision || ':' || variables::text, ',' order by case_id) from capacity_exit.workflow_instances),
          (select count(*) from capacity_exit.case_history),
          (select string_agg(status || count, ',') from (select status, count(*) from capacity_exit.workflow_timers group by status order by status) t),
          (select string_agg(status || count, ',') from (select status, count(*) from capacity_exit.workflow_tasks group by status order by status) k),
          (select count(*) from capacity_exit.outbox_messages))
        """);
}
