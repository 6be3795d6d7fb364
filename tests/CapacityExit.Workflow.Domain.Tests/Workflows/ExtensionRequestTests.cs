using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// 确需延长整改期限的，经申请可延长不超过3个月的期限 (000 §三.5): an application says what it asks for and why, and
/// until it is approved the original period stands. Energy case found 2026-01-15 under Chenzhou: last day 2026-07-15.
/// </summary>
public sealed class ExtensionRequestTests
{
    private static readonly DateTimeOffset OriginalEnd = new(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_request_without_period_reason_or_document_is_refused_field_by_field_and_changes_nothing()
    {
        var driver = new CaseDriver("energy");
        var before = driver.State;
        var e = Assert.Throws<WorkflowRuleException>(() => driver.Command("request-extension", driver.NewActor("enterprise")));
        Assert.Equal("missing-field", e.Code);
        Assert.Equal(["reason", "documentRef", "requestedLastDay"], e.Problems.Select(p => p.Field).ToArray());
        Assert.Contains("申请理由", e.MessageZh);
        Assert.Contains("企业申请文书文号", e.MessageZh);
        Assert.Contains("requestedPeriod", e.MessageZh);
        Assert.Same(before, driver.State);
    }

    [Fact]
    public void Different_problems_are_each_named_with_their_own_code()
    {
        var driver = new CaseDriver("energy");
        var data = CaseDriver.ExtensionRequest("15/10/2026");
        data.Remove("documentRef");
        var e = Assert.Throws<WorkflowRuleException>(() => driver.Command("request-extension", driver.NewActor("enterprise"), data));
        Assert.Equal("invalid-fields", e.Code);
        Assert.Equal([("documentRef", "missing-field"), ("requestedLastDay", "invalid-field")], e.Problems.Select(p => (p.Field, p.Code)).ToArray());
    }

    [Theory]
    [InlineData("P2M", "2026-09-15")]
    [InlineData("P3M", "2026-10-15")]
    public void A_request_may_name_the_period_counted_from_the_original_last_day(string period, string lastDay)
    {
        var driver = new CaseDriver("energy");
        var data = CaseDriver.ExtensionRequest();
        data.Remove("requestedLastDay");
        data["requestedPeriod"] = period;
        var enterprise = driver.NewActor("enterprise");
        driver.Command("request-extension", enterprise, data);
        Assert.Equal(lastDay, driver.State.Variables["extensionRequestedLastDay"]);
        Assert.Equal("节能改造设备到货延迟", driver.State.Variables["extensionReason"]);
        Assert.Equal("示例建材〔2026〕3号", driver.State.Variables["extensionDocumentRef"]);
        Assert.Equal(enterprise.UserId, driver.State.Variables["extensionRequestedBy"]);
    }

    [Theory]
    [InlineData("requestedPeriod", "P4M", "extension-too-long")]
    [InlineData("requestedLastDay", "2026-10-16", "extension-too-long")]
    [InlineData("requestedLastDay", "2026-07-15", "extension-not-later")]
    [InlineData("requestedPeriod", "P3X", "invalid-field")]
    public void A_request_beyond_the_maximum_or_not_later_is_refused(string field, string value, string code)
    {
        var driver = new CaseDriver("energy");
        var data = CaseDriver.ExtensionRequest();
        data.Remove("requestedLastDay");
        data[field] = value;
        var e = Assert.Throws<WorkflowRuleException>(() => driver.Command("request-extension", driver.NewActor("enterprise"), data));
        Assert.Equal(code, e.Code);
        Assert.Equal("rectifying", driver.State.State);
    }

    [Fact]
    public void Recording_a_request_keeps_the_deadline_and_its_reminders()
    {
        var driver = new CaseDriver("energy");
        var timers = driver.State.Timers.Where(t => t.OwnerState == "rectifying").Select(t => (t.Key, t.DueAt)).ToList();
        Assert.Contains(timers, t => t.Key == "rectifying/rectification-deadline/reminder-7wd");
        var result = driver.RequestExtension(driver.NewActor("enterprise"));
        Assert.Equal("extension-review", driver.State.State);
        Assert.Empty(result.TimersCancelled);
        Assert.DoesNotContain(result.TimersScheduled, t => t.OwnerState == "rectifying");
        Assert.Equal(timers, driver.State.Timers.Where(t => t.OwnerState == "rectifying").Select(t => (t.Key, t.DueAt)).ToList());

        // The reminders still reach the bureau while the request waits.
        var reminder = driver.Fire("rectifying/rectification-deadline/reminder-7wd");
        Assert.Equal("reminder", Assert.Single(reminder.Messages).Kind);
        Assert.Equal("extension-review", driver.State.State);
    }

    [Fact]
    public void The_review_is_due_before_the_original_last_day()
    {
        // Requested on 2026-07-01: twenty working days would end in late July, after the last day 07-15.
        var driver = new CaseDriver("energy") { Now = new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(8)) };
        driver.RequestExtension(driver.NewActor("enterprise"));
        var task = Assert.Single(driver.State.Tasks);
        Assert.Equal("extension-review/extension-review", task.Key);
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.FromHours(8)), task.DueAt); // 07-14 ends at 24:00
        Assert.True(task.DueAt < OriginalEnd);
    }

    [Fact]
    public void A_request_early_enough_keeps_the_profile_s_review_period()
    {
        var driver = new CaseDriver("energy");
        driver.RequestExtension(driver.NewActor("enterprise"));
        var due = Assert.Single(driver.State.Tasks).DueAt;
        Assert.True(due < new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), $"due {due}");
    }

    [Fact]
    public void A_last_day_passing_undecided_leads_to_the_reinspection_with_the_request_on_record()
    {
        var driver = new CaseDriver("energy");
        driver.RequestExtension(driver.NewActor("enterprise"));
        var result = driver.FireThrough("rectifying/rectification-deadline");
        Assert.Equal("reinspection", driver.State.State);
        Assert.Contains("extension-review/extension-review", result.TasksClosed);
        Assert.Equal("reinspection/reinspection", Assert.Single(driver.State.Tasks).Key);
        var line = Assert.Single(result.History);
        Assert.Equal(("extension-review", "reinspection"), (line.FromState, line.ToState));
        Assert.Contains("延期申请待审批", line.Why);
        Assert.Equal("2026-10-15", driver.State.Variables["extensionRequestedLastDay"]);
        Assert.DoesNotContain(driver.State.Timers, t => t.OwnerState is "rectifying" or "extension-review");
        Assert.Equal("event-not-allowed",
            Assert.Throws<WorkflowRuleException>(() => driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-10-15" })).Code);
    }

    [Fact]
    public void A_rejection_returns_to_the_running_period_without_scheduling_it_again()
    {
        var driver = new CaseDriver("energy");
        driver.RequestExtension(driver.NewActor("enterprise"));
        var result = driver.Command("reject-extension", driver.NewActor("supervisor"), new() { ["reason"] = "理由不充分" });
        Assert.Equal("rectifying", driver.State.State);
        Assert.DoesNotContain(result.TimersScheduled, t => t.OwnerState == "rectifying");
        Assert.DoesNotContain(result.TimersCancelled, k => k.StartsWith("rectifying/", StringComparison.Ordinal));
        Assert.Equal(OriginalEnd, driver.State.Timers.Single(t => t.Key == "rectifying/rectification-deadline").DueAt);
    }

    [Fact]
    public void An_approval_ends_the_original_deadline_and_its_reminders()
    {
        var driver = new CaseDriver("energy");
        driver.RequestExtension(driver.NewActor("enterprise"));
        var result = driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-10-15" });
        Assert.Contains("rectifying/rectification-deadline", result.TimersCancelled);
        Assert.Contains("rectifying/rectification-deadline/reminder-7wd", result.TimersCancelled);
        Assert.DoesNotContain(driver.State.Timers, t => t.OwnerState is "rectifying" or "extension-review");
        Assert.Equal("extended/extension-deadline", driver.State.Timers.Single(t => t.Kind == "extension-deadline").Key);
    }
}
