using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>What differs between the standards and the jurisdictions, and what the cards and lists derive from.</summary>
public sealed class StandardTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void Quality_has_a_six_month_cure_deadline()
    {
        var timer = new CaseDriver("quality").State.Timers.Single(t => t.Kind == "quality-cure-deadline");
        Assert.Equal(new DateTimeOffset(2026, 7, 16, 0, 0, 0, China), timer.DueAt);
    }

    [Fact]
    public void Safety_runs_six_months_in_Chenzhou_and_the_order_s_period_elsewhere()
    {
        var chenzhou = new CaseDriver("safety", "chenzhou-2017", facts: []);
        Assert.Equal("2026-07-15", chenzhou.State.Variables["rectificationLastDay"]);
        var changchun = new CaseDriver("safety", "changchun-2017", facts: new() { ["orderPeriod"] = "P2M" });
        Assert.Equal("2026-03-16", changchun.State.Variables["rectificationLastDay"]); // 03-15 is a Sunday
        var e = Assert.Throws<WorkflowRuleException>(() => new CaseDriver("safety", "changchun-2017", facts: []));
        Assert.Equal("missing-field", e.Code);
    }

    [Theory]
    [InlineData("quality", "stopped-rectifying/quality-cure-deadline")] // 001 §三.(三).3; 002 §二.(二).3
    [InlineData("safety", "suspended/rectification-deadline")]          // 000 §三.5; 001 §三.(三).4; 002 §二.(二).4
    public void Quality_and_safety_deadlines_lead_to_a_reinspection_before_any_closure(string id, string deadline)
    {
        var passed = new CaseDriver(id, facts: []);
        passed.FireThrough(deadline);
        Assert.Equal("reinspection", passed.State.State);
        var task = Assert.Single(passed.State.Tasks);
        Assert.Equal(("reinspection/reinspection", "bureau-officer"), (task.Key, task.AssigneeRole));
        // 2026-07-15 + 10 working days counted from 07-16: 2026-07-30, ending at 24:00.
        Assert.Equal(new DateTimeOffset(2026, 7, 31, 0, 0, 0, China), task.DueAt);
        passed.Reinspect("passed");
        Assert.Equal("compliant", passed.State.State);

        var failed = new CaseDriver(id, facts: []);
        failed.FireThrough(deadline);
        failed.Reinspect("failed");
        Assert.Equal("closure-approval", failed.State.State);
        Assert.Equal(("closure-approval/closure-approval", "supervisor"), (failed.State.Tasks.Single().Key, failed.State.Tasks.Single().AssigneeRole));
    }

    [Fact]
    public void Environment_needs_the_order_s_period_when_the_case_starts()
    {
        Assert.Equal("missing-field", Assert.Throws<WorkflowRuleException>(() => new CaseDriver("environment", facts: [])).Code);
        Assert.Equal("invalid-field", Assert.Throws<WorkflowRuleException>(() => new CaseDriver("environment", facts: new() { ["orderPeriod"] = "3 months" })).Code);
        var driver = new CaseDriver("environment", facts: new() { ["orderPeriod"] = "P30D" });
        // 2026-02-14 is a Saturday made a working day (调休 for 春节): the last day stays on it.
        Assert.Equal("2026-02-14", driver.State.Variables["orderLastDay"]);
    }

    [Fact]
    public void Technology_demolition_date_missed_lists_the_enterprise_for_credit_punishment()
    {
        var driver = new CaseDriver("technology");
        driver.Command("complete-task", driver.NewActor("bureau-officer"), new() { ["task"] = "demolition-assessment", ["outcome"] = "demolishable" });
        Assert.False(CaseStanding.Of(driver.Definition, driver.State).CreditPunishment);
        driver.FireThrough("demolishing/demolition-deadline");
        Assert.Equal("demolition-overdue", driver.State.State);
        var standing = CaseStanding.Of(driver.Definition, driver.State);
        Assert.True(standing.CreditPunishment);
        Assert.Equal("2026-06-30", standing.ExitDeadlineMissedOn);
        Assert.Equal(Card.Red, standing.Card);
        Assert.Contains(CaseStanding.CreditPunishmentList, standing.PublicLists);
    }

    [Fact]
    public void A_closure_not_carried_out_in_time_is_a_missed_exit_deadline()
    {
        var driver = new CaseDriver("energy");
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        driver.Command("complete-task", driver.NewActor("supervisor"), new() { ["task"] = "closure-approval", ["outcome"] = "approved" });
        Assert.False(CaseStanding.Of(driver.Definition, driver.State).CreditPunishment);
        driver.Fire("closing/closure-measures/escalation");
        Assert.True(CaseStanding.Of(driver.Definition, driver.State).CreditPunishment);
        driver.Command("withdraw", driver.NewActor("bureau-officer"), new() { ["reason"] = "错误立案" });
        Assert.False(CaseStanding.Of(driver.Definition, driver.State).CreditPunishment); // a withdrawn case lists nothing
    }

    [Theory]
    [InlineData("energy", "rectifying", Card.Yellow, "yellow-card")]
    [InlineData("energy", "reinspection", Card.Yellow, "yellow-card")]
    [InlineData("energy", "overdue", Card.Red, "red-card")]
    [InlineData("quality", "reinspection", Card.Yellow, "yellow-card")]
    [InlineData("safety", "reinspection", Card.Yellow, "yellow-card")]
    [InlineData("energy", "exited", Card.Red, "annual-exit-list")]
    [InlineData("energy", "compliant", Card.None, null)]
    [InlineData("environment", "restricted", Card.None, "over-emission")]
    [InlineData("environment", "closure-approval", Card.None, "over-emission-serious")]
    [InlineData("technology", "awaiting-demolition", Card.None, "sealed-equipment-notice")]
    public void Cards_and_lists_come_from_the_state(string definition, string state, Card card, string? list)
    {
        var standing = CaseStanding.Of(Repo.Catalog.Latest(definition), state, new Dictionary<string, string>());
        Assert.Equal(card, standing.Card);
        if (list is null)
        {
            Assert.Empty(standing.PublicLists);
        }
        else
        {
            Assert.Contains(list, standing.PublicLists);
        }
    }

    [Fact]
    public void Henan_report_calendar_has_the_fixed_days_of_the_2021_plan()
    {
        // 6月27日 and 10月31日 of 2026 are Saturdays: they move to the Monday (民法典第二百零三条).
        var due = ReportCalendar.For(Repo.Catalog.Profile("henan-2021"), 2026, Repo.Calendar);
        Assert.Equal(
            ["census 2026-06-29", "annual-summary 2026-10-27", "acceptance-checks 2026-10-30", "exits-done 2026-11-02"],
            due.Select(d => $"{d.Report.Name} {d.Deadline.LastDay:yyyy-MM-dd}").ToArray());
    }

    [Fact]
    public void Zhanjiang_reports_cross_the_new_year()
    {
        var due = ReportCalendar.For(Repo.Catalog.Profile("zhanjiang-2021"), 2026, Repo.Calendar);
        Assert.Equal(["county-summary", "city-summary"], due.Take(2).Select(d => d.Report.Name).ToArray());
        Assert.Equal(new DateOnly(2026, 1, 5), due[1].Deadline.LastDay);
    }
}
