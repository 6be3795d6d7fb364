using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>Reminders, stale firings, and recurring timers in Asia/Shanghai.</summary>
public sealed class TimerTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void Reminders_are_scheduled_in_working_days_before_the_last_day()
    {
        var driver = new CaseDriver("energy");
        var reminders = driver.State.Timers.Where(t => t.Kind == "reminder").OrderBy(t => t.DueAt).ToList();
        // Last day 2026-07-15; 30 working days back skips 端午节 2026-06-19.
        Assert.Equal(
            [new(2026, 6, 2, 9, 0, 0, China), new(2026, 7, 6, 9, 0, 0, China), new(2026, 7, 14, 9, 0, 0, China), new DateTimeOffset(2026, 7, 15, 9, 0, 0, China)],
            reminders.Select(r => r.DueAt).ToArray());
        Assert.Equal("rectifying/rectification-deadline/reminder-7wd", reminders[1].Key);
        Assert.All(reminders, r => Assert.Equal("rectifying", r.OwnerState));
    }

    [Fact]
    public void Reminders_of_a_step_are_cancelled_when_the_step_is_left()
    {
        var driver = new CaseDriver("energy");
        driver.Fire("rectifying/rectification-deadline/reminder-30wd");
        var result = driver.Command("reinspection-passed", driver.NewActor("bureau-officer"));
        Assert.Equal("compliant", driver.State.State);
        Assert.Equal(
            ["rectifying/rectification-deadline", "rectifying/rectification-deadline/reminder-0wd",
             "rectifying/rectification-deadline/reminder-1wd", "rectifying/rectification-deadline/reminder-7wd"],
            result.TimersCancelled.Order().ToArray());
        Assert.Empty(driver.State.Timers);
    }

    [Fact]
    public void A_reminder_sends_a_message_and_changes_nothing_else()
    {
        var driver = new CaseDriver("energy");
        var result = driver.Fire("rectifying/rectification-deadline/reminder-7wd");
        Assert.Equal("rectifying", result.NewState.State);
        var message = Assert.Single(result.Messages);
        Assert.Equal(("reminder", "bureau-officer"), (message.Kind, message.RecipientRole));
        Assert.Equal("2026-07-15", message.Data["detail"]);
        Assert.DoesNotContain(result.NewState.Timers, t => t.Key.EndsWith("reminder-7wd", StringComparison.Ordinal));
        Assert.Empty(result.TimersCancelled);
    }

    [Fact]
    public void A_timer_already_cancelled_fires_as_a_no_op()
    {
        var driver = new CaseDriver("energy");
        var stale = driver.State.Timers.Single(t => t.Key == "rectifying/rectification-deadline/reminder-1wd");
        driver.RequestExtension(driver.NewActor("enterprise"));
        driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-10-15" });
        var result = driver.Apply(new TimerFired(stale.Key, stale.DueAt));
        Assert.True(result.IsNoOp);
        Assert.Equal("extended", result.NewState.State);
    }

    [Fact]
    public void Events_for_a_finished_case_are_no_ops()
    {
        var driver = new CaseDriver("energy");
        var deadline = driver.State.Timers.Single(t => t.Key == "rectifying/rectification-deadline");
        driver.Command("withdraw", driver.NewActor("bureau-officer"), new() { ["reason"] = "认定有误" });
        Assert.True(driver.Apply(new TimerFired(deadline.Key, deadline.DueAt)).IsNoOp);
        Assert.True(driver.Command("reinspection-passed", driver.NewActor("bureau-officer")).IsNoOp);
        Assert.Equal("withdrawn", driver.State.State);
    }

    [Fact]
    public void An_overdue_task_escalates_once_and_stays_open()
    {
        var driver = new CaseDriver("energy");
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        var task = Assert.Single(driver.State.Tasks);
        Assert.Equal(("overdue/closure-approval", "supervisor"), (task.Key, task.AssigneeRole));
        // 20 working days counted from 2026-07-16: 2026-08-13, which ends at 24:00.
        Assert.Equal(new DateTimeOffset(2026, 8, 14, 0, 0, 0, China), task.DueAt);
        var result = driver.Fire("overdue/closure-approval/escalation");
        Assert.Equal(("task-escalation", "leading-group-office"), (result.Messages.Single().Kind, result.Messages.Single().RecipientRole));
        Assert.Single(driver.State.Tasks);
        Assert.Empty(driver.State.Timers);
    }

    [Fact]
    public void Completing_a_task_cancels_its_escalation()
    {
        var driver = new CaseDriver("energy");
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        var result = driver.Command("complete-task", driver.NewActor("supervisor"), new() { ["task"] = "closure-approval", ["outcome"] = "approved" });
        Assert.Contains("overdue/closure-approval/escalation", result.TimersCancelled);
        Assert.Contains("overdue/closure-approval", result.TasksClosed);
        Assert.Contains(result.TimersScheduled, t => t.Key == "closing/closure-measures/escalation");
    }

    [Fact]
    public void An_energy_case_carries_no_kiln_shutdown_the_citys_programme_does()
    {
        // 000 §二 水泥 binds every clinker line, with a case or without: no case variable or case timer stands for it.
        var energy = Repo.Catalog.Latest("energy");
        Assert.Empty(energy.CaseTimers);
        Assert.DoesNotContain(new CaseDriver("energy").State.Timers, t => t.Kind == "kiln-shutdown");
        Assert.NotNull(Repo.Catalog.Profile("chenzhou-2017").KilnShutdown);
    }

    [Theory]
    [InlineData(31, "2026-04-10T12:00:00+08:00", "2026-04-30T08:00:00+08:00")] // a 30-day month: its last day
    [InlineData(31, "2026-04-30T08:00:00+08:00", "2026-05-31T08:00:00+08:00")] // strictly after
    [InlineData(29, "2027-02-01T00:00:00+08:00", "2027-02-28T08:00:00+08:00")]
    [InlineData(15, "2026-12-15T09:00:00+08:00", "2027-01-15T08:00:00+08:00")]
    [InlineData(1, "2026-03-31T23:59:00+00:00", "2026-04-01T08:00:00+08:00")] // still March in UTC, 1 April 07:59 in Beijing
    [InlineData(1, "2026-04-01T00:30:00+00:00", "2026-05-01T08:00:00+08:00")] // 1 April 08:30 in Beijing: that one has passed
    public void Monthly_occurrences_in_Beijing_time(int day, string after, string expected)
    {
        var next = Recurrence.Monthly(day, new TimeOnly(8, 0)).Next(DateTimeOffset.Parse(after));
        Assert.Equal(DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void Yearly_dates_come_in_order_and_29_February_falls_on_the_28th()
    {
        var rule = Recurrence.Yearly([(6, 27), (10, 27), (2, 29)], TimeOnly.MinValue);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, China);
        var seen = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            at = rule.Next(at);
            seen.Add(at);
        }

        Assert.Equal(
            [new(2026, 2, 28, 0, 0, 0, China), new(2026, 6, 27, 0, 0, 0, China), new(2026, 10, 27, 0, 0, 0, China), new DateTimeOffset(2027, 2, 28, 0, 0, 0, China)],
            seen.ToArray());
    }
}
