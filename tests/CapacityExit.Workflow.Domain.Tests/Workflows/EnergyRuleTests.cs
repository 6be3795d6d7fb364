using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>The energy case's rules (000 §三.5, 001 §三.(三).1, 002 §二.(二).1): what is refused and why.</summary>
public sealed class EnergyRuleTests
{
    private static WorkflowRuleException Refused(Action action) => Assert.Throws<WorkflowRuleException>(action);

    private static (CaseDriver Driver, Actor Applicant) UnderReview(string profile = "chenzhou-2017")
    {
        var driver = new CaseDriver("energy", profile);
        var applicant = driver.NewActor("enterprise");
        driver.RequestExtension(applicant);
        Assert.Equal("extension-review", driver.State.State);
        return (driver, applicant);
    }

    [Fact]
    public void The_deadline_is_six_months_from_the_finding_date_and_recorded()
    {
        var driver = new CaseDriver("energy");
        var deadline = driver.State.Timers.Single(t => t.Key == "rectifying/rectification-deadline");
        Assert.Equal("rectification-deadline", deadline.Kind);
        Assert.Equal(new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)), deadline.DueAt);
        Assert.Equal("2026-07-15", driver.State.Variables["rectificationLastDay"]);
        Assert.Equal("bureau-officer", deadline.RecipientRole);
    }

    [Fact]
    public void An_approved_extension_runs_to_the_recorded_new_last_day()
    {
        var (driver, _) = UnderReview();
        driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-10-15" });
        Assert.Equal("extended", driver.State.State);
        var deadline = driver.State.Timers.Single(t => t.Kind == "extension-deadline");
        Assert.Equal(new DateTimeOffset(2026, 10, 16, 0, 0, 0, TimeSpan.FromHours(8)), deadline.DueAt);
        Assert.Equal("extended/extension-deadline", deadline.Key);
    }

    [Fact]
    public void Nobody_decides_their_own_request()
    {
        var driver = new CaseDriver("energy");
        var officerAndApprover = driver.NewActor("bureau-officer", "supervisor");
        driver.RequestExtension(officerAndApprover);
        var e = Refused(() => driver.Command("approve-extension", officerAndApprover, new() { ["newLastDay"] = "2026-09-15" }));
        Assert.Equal("own-request", e.Code);
        Assert.Equal("extension-review", driver.State.State);
        Assert.Equal("own-request", Refused(() => driver.Command("reject-extension", officerAndApprover, new() { ["reason"] = "x" })).Code);
    }

    [Theory]
    [InlineData("2026-10-16", "extension-too-long")] // one day beyond 2026-07-15 + 3 months
    [InlineData("2026-07-15", "extension-not-later")]
    [InlineData("15/10/2026", "invalid-field")]
    public void The_new_last_day_must_lie_within_three_months_after_the_original(string newLastDay, string code)
    {
        var (driver, _) = UnderReview();
        var e = Refused(() => driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = newLastDay }));
        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrEmpty(e.MessageZh));
    }

    [Fact]
    public void Exactly_three_months_is_allowed()
    {
        var (driver, _) = UnderReview();
        driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-10-15" });
        Assert.Equal("2026-10-15", driver.State.Variables["extensionLastDay"]);
    }

    [Fact]
    public void An_extension_cannot_be_requested_once_the_deadline_has_passed()
    {
        var driver = new CaseDriver("energy");
        driver.Now = new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)); // 24:00 of the last day
        var e = Refused(() => driver.RequestExtension(driver.NewActor("enterprise")));
        Assert.Equal("extension-after-deadline", e.Code);
    }

    [Fact]
    public void A_request_on_the_last_day_is_in_time()
    {
        var driver = new CaseDriver("energy") { Now = new DateTimeOffset(2026, 7, 15, 23, 59, 0, TimeSpan.FromHours(8)) };
        driver.RequestExtension(driver.NewActor("enterprise"));
        Assert.Equal("extension-review", driver.State.State);
    }

    [Fact]
    public void Only_the_roles_the_definition_names_may_act()
    {
        var driver = new CaseDriver("energy");
        Assert.Equal("role-not-allowed", Refused(() => driver.Command("reinspection-passed", driver.NewActor("enterprise"))).Code);
        var (review, _) = UnderReview();
        Assert.Equal("role-not-allowed",
            Refused(() => review.Command("approve-extension", review.NewActor("bureau-officer"), new() { ["newLastDay"] = "2026-09-01" })).Code);
    }

    [Fact]
    public void Henan_extensions_are_approved_by_the_prefecture_government_and_filed_with_the_province()
    {
        var (driver, _) = UnderReview("henan-2021");
        Assert.Equal("prefecture-government", driver.State.Tasks.Single().AssigneeRole);
        Assert.Equal("role-not-allowed",
            Refused(() => driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-09-01" })).Code);
        var result = driver.Command("approve-extension", driver.NewActor("prefecture-government"), new() { ["newLastDay"] = "2026-09-01" });
        Assert.Equal(
            ["provincial-development-reform-commission", "provincial-industry-it-department"],
            result.Messages.Where(m => m.Kind == "notice").Select(m => m.RecipientRole).Order().ToArray());
    }

    [Fact]
    public void An_event_the_state_does_not_allow_is_refused()
    {
        var driver = new CaseDriver("energy");
        Assert.Equal("event-not-allowed",
            Refused(() => driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-09-01" })).Code);
        Assert.Equal("event-not-allowed", Refused(() => driver.Command("demolished", driver.NewActor("bureau-officer"))).Code);
    }

    [Fact]
    public void One_application_only()
    {
        var (driver, _) = UnderReview();
        driver.Command("reject-extension", driver.NewActor("supervisor"), new() { ["reason"] = "理由不充分" });
        Assert.Equal("only-once", Refused(() => driver.RequestExtension(driver.NewActor("enterprise"))).Code);
    }

    [Fact]
    public void A_rejection_keeps_the_original_deadline_and_needs_a_reason()
    {
        var (driver, _) = UnderReview();
        Assert.Equal("missing-field", Refused(() => driver.Command("reject-extension", driver.NewActor("supervisor"))).Code);
        var result = driver.Command("reject-extension", driver.NewActor("supervisor"), new() { ["reason"] = "理由不充分" });
        Assert.Equal("rectifying", driver.State.State);
        Assert.Equal(new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)),
            driver.State.Timers.Single(t => t.Key == "rectifying/rectification-deadline").DueAt);
        Assert.Equal("理由不充分", result.History.Single().Why);
        Assert.Contains("extension-review/extension-review", result.TasksClosed);
    }

    [Fact]
    public void A_passed_deadline_opens_the_bureau_s_reinspection_not_a_closure()
    {
        // 逾期未整改或经整改仍未达标的，依法关停退出 (000 §三.5): the deadline passing does not show the capacity still fails.
        var driver = new CaseDriver("energy");
        var result = driver.FireThrough("rectifying/rectification-deadline");
        Assert.Equal("reinspection", driver.State.State);
        Assert.Equal(Card.Yellow, CaseStanding.Of(driver.Definition, driver.State).Card);
        Assert.DoesNotContain(driver.State.Tasks, t => t.Kind == "closure-approval");
        var task = Assert.Single(driver.State.Tasks);
        Assert.Equal(("reinspection/reinspection", "bureau-officer"), (task.Key, task.AssigneeRole));
        // 10 working days counted from 2026-07-16: 2026-07-30, which ends at 24:00.
        Assert.Equal(new DateTimeOffset(2026, 7, 31, 0, 0, 0, TimeSpan.FromHours(8)), task.DueAt);
        var escalation = driver.State.Timers.Single(t => t.Key == "reinspection/reinspection/escalation");
        Assert.Equal(("task-escalation", "leading-group-office"), (escalation.Kind, escalation.RecipientRole));
        Assert.Contains(result.TimersScheduled, t => t.Key == "reinspection/reinspection/escalation");
    }

    [Fact]
    public void The_reinspection_decides_between_compliant_and_the_closure_approval()
    {
        var passed = new CaseDriver("energy");
        passed.FireThrough("rectifying/rectification-deadline");
        Assert.Equal("role-not-allowed", Refused(() => passed.Command("complete-task", passed.NewActor("enterprise"),
            new() { ["task"] = "reinspection/reinspection", ["outcome"] = "passed" })).Code);
        Assert.Equal("outcome-not-allowed", Refused(() => passed.Command("complete-task", passed.NewActor("bureau-officer"),
            new() { ["task"] = "reinspection/reinspection", ["outcome"] = "approved" })).Code);
        passed.Reinspect("passed");
        Assert.Equal("compliant", passed.State.State);
        Assert.Empty(passed.State.Tasks);
        Assert.Empty(passed.State.Timers);

        var failed = new CaseDriver("energy");
        failed.FireThrough("rectifying/rectification-deadline");
        var result = failed.Reinspect("failed");
        Assert.Equal("overdue", failed.State.State);
        Assert.Equal(Card.Red, CaseStanding.Of(failed.Definition, failed.State).Card);
        Assert.Contains("reinspection/reinspection", result.TasksClosed);
        Assert.Contains("reinspection/reinspection/escalation", result.TimersCancelled);
        var closure = Assert.Single(failed.State.Tasks);
        Assert.Equal(("overdue/closure-approval", "supervisor"), (closure.Key, closure.AssigneeRole));
    }

    [Fact]
    public void The_extension_deadline_also_leads_to_a_reinspection()
    {
        var (driver, _) = UnderReview();
        driver.Command("approve-extension", driver.NewActor("supervisor"), new() { ["newLastDay"] = "2026-10-15" });
        driver.FireThrough("extended/extension-deadline");
        Assert.Equal("reinspection", driver.State.State);
        Assert.Equal("reinspection/reinspection", Assert.Single(driver.State.Tasks).Key);
        driver.Reinspect("failed");
        Assert.Equal("overdue", driver.State.State);
    }

    [Fact]
    public void Withdrawal_needs_a_reason()
    {
        var driver = new CaseDriver("energy");
        Assert.Equal("missing-field", Refused(() => driver.Command("withdraw", driver.NewActor("bureau-officer"))).Code);
    }

    [Fact]
    public void Completing_a_task_that_is_not_open_or_with_an_unknown_outcome_is_refused()
    {
        var driver = new CaseDriver("energy");
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        var approver = driver.NewActor("supervisor");
        Assert.Equal("task-not-open", Refused(() => driver.Command("complete-task", approver, new() { ["task"] = "closing/closure-measures", ["outcome"] = "done" })).Code);
        Assert.Equal("outcome-not-allowed", Refused(() => driver.Command("complete-task", approver, new() { ["task"] = "closure-approval", ["outcome"] = "maybe" })).Code);
        Assert.Equal("role-not-allowed",
            Refused(() => driver.Command("complete-task", driver.NewActor("bureau-officer"), new() { ["task"] = "closure-approval", ["outcome"] = "approved" })).Code);
        driver.Command("complete-task", approver, new() { ["task"] = "closure-approval", ["outcome"] = "approved" });
        Assert.Equal("closing", driver.State.State);
    }

    [Fact]
    public void The_closure_notifies_the_power_supplier()
    {
        var driver = new CaseDriver("energy");
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        var result = driver.Command("complete-task", driver.NewActor("supervisor"), new() { ["task"] = "overdue/closure-approval", ["outcome"] = "approved" });
        Assert.Contains(result.Messages, m => m.Kind == "notice" && m.RecipientRole == "power-supplier");
    }

    [Fact]
    public void Acceptance_needs_the_photos_and_the_written_opinion()
    {
        var driver = new CaseDriver("energy");
        driver.FireThrough("rectifying/rectification-deadline");
        driver.Reinspect("failed");
        driver.Command("complete-task", driver.NewActor("supervisor"), new() { ["task"] = "closure-approval", ["outcome"] = "approved" });
        driver.Command("complete-task", driver.NewActor("bureau-officer"), new() { ["task"] = "closure-measures", ["outcome"] = "done", ["measures"] = "断电、断水、封存" });
        var acceptor = driver.NewActor("leading-group-office");
        var partial = new Dictionary<string, string> { ["task"] = "on-site-acceptance", ["outcome"] = "accepted", ["photosBefore"] = "a", ["photosDuring"] = "b", ["photosAfter"] = "c" };
        var e = Refused(() => driver.Command("complete-task", acceptor, partial));
        Assert.Equal("missing-field", e.Code);
        Assert.Contains("acceptanceOpinion", e.Message);
        partial["acceptanceOpinion"] = "验收合格";
        driver.Command("complete-task", acceptor, partial);
        Assert.Equal("exited", driver.State.State);
    }
}
