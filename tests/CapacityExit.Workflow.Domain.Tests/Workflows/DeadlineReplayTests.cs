using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Tests.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// Counting a running case again when next year's arrangement arrives (issue 18): the engine's own scheduling, as of the
/// moment each timer and task was made. An energy case found 2026-08-06 asks for an extension on 2026-12-20; its
/// rectification deadline and the review task both run into 2027, counted provisionally on the weekend rule.
/// </summary>
public sealed class DeadlineReplayTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Opened = new(2026, 11, 20, 10, 0, 0, Beijing);
    private static readonly DateTimeOffset Requested = new(2026, 12, 20, 10, 0, 0, Beijing);

    private static readonly HolidayCalendar Provisional = RepoFiles.Calendar.WithProvisionalYears(2);

    /// <summary>The docs' example arrangement: 元旦 2027-01-01..03, 春节 2027-02-06..13 with make-up days 02-14 and 02-20.</summary>
    private static readonly HolidayCalendar Arrived = RepoFiles.Calendar.WithYear(2027, "示例通知",
    [
        new("元旦", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 3), []),
        new("春节", new DateOnly(2027, 2, 6), new DateOnly(2027, 2, 13), [new DateOnly(2027, 2, 14), new DateOnly(2027, 2, 20)]),
    ]).WithProvisionalYears(2);

    [Fact]
    public void The_deadline_its_reminders_the_recorded_last_day_and_the_review_task_move_as_the_engine_counts_on_the_arrangement()
    {
        var (definition, profile, state) = CaseInReview();
        Assert.Equal("2027-02-08", state.Variables["rectificationLastDay"]); // 02-06 is a Saturday: Monday, provisionally
        Assert.Equal(End(2027, 1, 15), state.Tasks.Single().DueAt);          // 20 working days, 2027-01-01 counted as one

        var replayed = DeadlineReplay.Replay(definition, profile, state, Arrived, key => key.StartsWith("extension-review/", StringComparison.Ordinal) ? Requested : Opened);

        var deadline = replayed.Moved.Single(m => m.Key == "rectifying/rectification-deadline");
        Assert.Equal((End(2027, 2, 8), End(2027, 2, 14), "2027-02-14"), (deadline.OldDueAt, deadline.NewDueAt, deadline.NewPayload)); // over 春节 to the make-up Sunday
        Assert.True(deadline.IsDeadline);
        Assert.Equal("2027-02-14", replayed.Variables["rectificationLastDay"]);
        Assert.Equal(["rectificationLastDay"], replayed.ChangedVariables);

        var task = replayed.Moved.Single(m => m.IsTask);
        Assert.Equal(("extension-review/extension-review", End(2027, 1, 18)), (task.Key, task.NewDueAt)); // 元旦 is no working day
        Assert.Equal(End(2027, 1, 18), replayed.Moved.Single(m => m.Key == "extension-review/extension-review/escalation").NewDueAt);

        // The reminders follow the new last day: N working days before it, at 09:00, as the engine places them.
        foreach (var reminder in replayed.Moved.Where(m => m.Kind == "reminder"))
        {
            var offset = int.Parse(reminder.Key[(reminder.Key.LastIndexOf('-') + 1)..^2]);
            Assert.Equal(ChinaTime.StartOfDay(Arrived.AddWorkingDays(new DateOnly(2027, 2, 14), -offset)).AddHours(9), reminder.NewDueAt);
        }

        Assert.Contains(replayed.Moved, m => m.Key == "rectifying/rectification-deadline/reminder-7wd");
    }

    [Fact]
    public void On_the_calendar_it_was_counted_on_nothing_moves()
    {
        var (definition, profile, state) = CaseInReview();
        var replayed = DeadlineReplay.Replay(definition, profile, state, Provisional, key => key.StartsWith("extension-review/", StringComparison.Ordinal) ? Requested : Opened);
        Assert.Empty(replayed.Moved);
        Assert.Empty(replayed.ChangedVariables);
    }

    private static (WorkflowDefinition, JurisdictionProfile, WorkflowInstanceState) CaseInReview()
    {
        var engine = new WorkflowEngine(Provisional);
        var definition = Repo.Catalog.Latest("energy");
        var profile = Repo.Catalog.Profile("chenzhou-2017");
        var started = engine.Start(definition, profile, new CaseFacts("energy", new DateOnly(2026, 8, 6), new Dictionary<string, string>()), Opened);
        var requested = engine.Apply(definition, profile, started.NewState,
            new CommandIssued("request-extension", new Actor("enterprise-1", ["enterprise"]), CaseDriver.ExtensionRequest("2027-03-31")), Requested);
        Assert.Equal("extension-review", requested.NewState.State);
        return (definition, profile, requested.NewState);
    }

    private static DateTimeOffset End(int year, int month, int day) => ChinaTime.StartOfDay(new DateOnly(year, month, day).AddDays(1));
}
