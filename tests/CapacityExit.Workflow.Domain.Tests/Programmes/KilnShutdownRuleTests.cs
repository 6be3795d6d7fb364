using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Tests.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Programmes;

/// <summary>组织水泥熟料装置每月固定时间断电停产 (000 §二 水泥): the day of each month, its reminders and its confirmation.</summary>
public sealed class KilnShutdownRuleTests
{
    private static KilnShutdownProgramme Chenzhou => Repo.Catalog.Profile("chenzhou-2017").KilnShutdown!;

    [Fact]
    public void The_31st_falls_on_each_shorter_months_last_day()
    {
        var days = KilnShutdownRule.NominalDays(31, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        Assert.Equal(
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
             "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31"],
            days.Select(d => d.ToString("yyyy-MM-dd")));
        Assert.Equal(new DateOnly(2028, 2, 29), KilnShutdownRule.NominalDays(30, new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29)).Single());
    }

    [Fact]
    public void A_rest_day_does_not_move_the_day_and_the_confirmation_is_due_by_the_next_working_day()
    {
        // 2026-02-15 is a Sunday and the first day of the Spring Festival (2026-02-15..23): the kilns stop on it all the same.
        var february = KilnShutdownRule.For(Chenzhou, 2026, 2, Repo.Calendar);
        Assert.Equal(new DateOnly(2026, 2, 15), february.Day);
        Assert.Equal(new DateOnly(2026, 2, 24), february.ConfirmBy);
        // Reminders count working days back; Saturday 14 February is a make-up working day (调休上班).
        Assert.Equal([(3, new DateOnly(2026, 2, 12)), (1, new DateOnly(2026, 2, 14))], february.Reminders);
        Assert.Contains("方案规定不顺延", february.ExplainZh(Chenzhou, Repo.Calendar));
    }

    [Fact]
    public void Where_the_programme_says_so_a_rest_day_moves_the_day_to_the_next_working_day()
    {
        var moving = Chenzhou with { MovesOffRestDays = true };
        var february = KilnShutdownRule.For(moving, 2026, 2, Repo.Calendar);
        Assert.Equal((new DateOnly(2026, 2, 15), new DateOnly(2026, 2, 24), new DateOnly(2026, 2, 25)), (february.Nominal, february.Day, february.ConfirmBy));
        Assert.Contains("顺延至2月24日", february.ExplainZh(moving, Repo.Calendar));
        // A 31st programme moved off Saturday 31 January 2026 lands in February: Between keeps it once. Saturday
        // 28 February 2026 is a make-up working day (调休上班): it is not a rest day and does not move.
        var days = KilnShutdownRule.Between(Chenzhou with { Day = 31, MovesOffRestDays = true }, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), Repo.Calendar);
        Assert.Equal([new DateOnly(2026, 2, 2), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31)], days.Select(d => d.Day));
    }
}
