using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// The forecast of an energy case found on 2026-01-15 under Chenzhou's profile, dates worked out by hand on
/// the 2026 holiday notice (国办发明电〔2025〕7号): 端午节 06-19, 中秋节 09-25..27 (调休 09-20),
/// 国庆节 10-01..07 (调休 10-10).
/// </summary>
public sealed class ForecastTests
{
    private static IReadOnlyList<string> Forecast(string? extension, string profile = "chenzhou-2017") =>
        new CaseSimulator(Repo.Calendar).Run(
                Repo.Catalog.Latest("energy"),
                Repo.Catalog.Profile(profile),
                new CaseFacts("energy", new DateOnly(2026, 1, 15), new Dictionary<string, string>()),
                new SimulationOptions(extension is null ? null : PeriodExpression.Parse(extension)))
            .Fired.Select(l => l.ToLine()).ToList();

    [Fact]
    public void Without_extension_the_case_runs_to_its_deadline_and_the_reinspection_escalates()
    {
        Assert.Equal(
            [
                "2026-06-02\treminder\tbureau-officer",              // 30 working days before 07-15, 06-19 not counted
                "2026-07-06\treminder\tbureau-officer",              // 7 working days before
                "2026-07-14\treminder\tbureau-officer",              // 1 working day before
                "2026-07-15\treminder\tbureau-officer",              // on the last day
                "2026-07-15\trectification-deadline\tbureau-officer", // 2026-01-15 + 6 months, a Wednesday: ends 24:00
                "2026-07-30\ttask-escalation\tleading-group-office", // reinspection: 10 working days from 07-16
            ],
            Forecast(null));
    }

    [Fact]
    public void With_a_three_month_extension_the_deadline_moves_to_15_October()
    {
        Assert.Equal(
            [
                "2026-06-02\treminder\tbureau-officer",
                "2026-07-06\treminder\tbureau-officer",
                "2026-07-14\treminder\tbureau-officer",
                "2026-07-15\treminder\tbureau-officer",
                "2026-08-28\treminder\tbureau-officer",              // 30 working days before 10-15: 10-10 and 09-20 count, the holidays not
                "2026-09-30\treminder\tbureau-officer",              // 7 working days before: 14, 13, 12, 10 (Sat, 调休), 9, 8, 09-30
                "2026-10-14\treminder\tbureau-officer",
                "2026-10-15\treminder\tbureau-officer",
                "2026-10-15\textension-deadline\tbureau-officer",     // 07-15 + 3 months, a Thursday
                "2026-10-30\ttask-escalation\tleading-group-office", // reinspection: 10 working days from 10-16 (Fri), counted from Mon 10-19
            ],
            Forecast("P3M"));
    }

    [Fact]
    public void The_extension_is_approved_by_someone_other_than_the_applicant_and_recorded()
    {
        var result = new CaseSimulator(Repo.Calendar).Run(
            Repo.Catalog.Latest("energy"), Repo.Catalog.Profile("henan-2021"),
            new CaseFacts("energy", new DateOnly(2026, 1, 15), new Dictionary<string, string>()), new SimulationOptions(PeriodExpression.Parse("P1M")));
        // 07-15 + 1 month is Saturday 08-15: the period rolls to Monday 08-17 (民法典第二百零三条).
        Assert.Equal("2026-08-17", result.Final.Variables["extensionLastDay"]);
        var approval = result.History.Single(h => h.What == "approve-extension");
        var request = result.History.Single(h => h.What == "request-extension");
        Assert.NotEqual(request.Actor, approval.Actor);
        Assert.True(request.At < new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)));
        Assert.Contains(result.Fired, l => l.Kind == "extension-deadline" && l.Day == new DateOnly(2026, 8, 17));
    }

    [Fact]
    public void A_forecast_into_an_uncovered_year_stops_and_says_why()
    {
        // 2026-06-20 + 6 months = Sunday 12-20, rolled to 12-21; three more months end in 2027, not yet in the calendar.
        var result = new CaseSimulator(Repo.Calendar).Run(
            Repo.Catalog.Latest("energy"), Repo.Catalog.Profile("chenzhou-2017"),
            new CaseFacts("energy", new DateOnly(2026, 6, 20), new Dictionary<string, string>()), new SimulationOptions(PeriodExpression.Parse("P3M")));
        Assert.Contains("2027", result.Stopped);
        Assert.Contains(result.Fired, l => l.Kind == "reminder" && l.Day == new DateOnly(2026, 12, 21));
    }

    [Fact]
    public void A_case_whose_first_deadline_is_uncovered_cannot_start()
    {
        Assert.Throws<YearNotCoveredException>(() => new CaseSimulator(Repo.Calendar).Run(
            Repo.Catalog.Latest("energy"), Repo.Catalog.Profile("chenzhou-2017"),
            new CaseFacts("energy", new DateOnly(2026, 9, 1), new Dictionary<string, string>())));
    }

    [Fact]
    public void A_forecast_line_of_a_midnight_deadline_shows_the_last_day()
    {
        Assert.Equal(new DateOnly(2026, 7, 15), ForecastLine.DayOf(new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8))));
        Assert.Equal(new DateOnly(2026, 7, 16), ForecastLine.DayOf(new DateTimeOffset(2026, 7, 16, 9, 0, 0, TimeSpan.FromHours(8))));
    }
}
