using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Tests.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Programmes;

/// <summary>按全年作业时间不超过276个工作日…原则上法定节假日不安排生产 (000 §二 煤炭).</summary>
public sealed class CoalProductionCheckTests
{
    private static CoalProgramme Chenzhou => Repo.Catalog.Profile("chenzhou-2017").Coal!;

    [Fact]
    public void Production_on_a_statutory_holiday_is_flagged_a_weekend_or_make_up_day_is_not()
    {
        var days = ProductionDaysText.Parse("""
            # 示例煤矿 2026年10月
            2026-09-28..2026-09-30
            2026-10-01            # 国庆节
            2026-10-10            # make-up working day (调休上班)
            2026-10-17            # an ordinary Saturday
            """, 2026);
        var breaches = CoalProductionCheck.Check(Chenzhou, 2026, days, Repo.Calendar);
        var breach = Assert.Single(breaches);
        Assert.Equal((new DateOnly(2026, 10, 1), CoalBreachKind.StatutoryHoliday, "国庆节"), (breach.Date, breach.Kind, breach.HolidayName));
    }

    [Fact]
    public void Every_day_past_the_276th_is_flagged_with_its_running_count()
    {
        // Monday to Saturday that are not public holidays: 2026 has more than 276 of them.
        var days = new List<DateOnly>();
        for (var d = new DateOnly(2026, 1, 1); d.Year == 2026; d = d.AddDays(1))
        {
            if (d.DayOfWeek != DayOfWeek.Sunday && Repo.Calendar.Classify(d) != CapacityExit.Workflow.Domain.Deadlines.DayKind.PublicHoliday)
            {
                days.Add(d);
            }
        }

        var over = CoalProductionCheck.Check(Chenzhou, 2026, days, Repo.Calendar);
        Assert.All(over, b => Assert.Equal(CoalBreachKind.OverAllowance, b.Kind));
        Assert.Equal(days.Count - 276, over.Count);
        Assert.Equal((days[276], 277), (over[0].Date, over[0].RunningCount));
        Assert.Equal(days[^1], over[^1].Date);
    }

    [Theory]
    [InlineData("2026-13-01", 1, "不是日期")]
    [InlineData("2026-01-01\n2025-12-31", 2, "不在报告年度2026年内")]
    [InlineData("2026-01-05..2026-01-03", 1, "止日早于起日")]
    [InlineData("2026-01-01..2026-01-05\n2026-01-03", 2, "重复列出")]
    public void A_wrong_line_is_named_with_its_number_and_why(string text, int line, string why)
    {
        var e = Assert.Throws<ProductionDaysFormatException>(() => ProductionDaysText.Parse(text, 2026));
        Assert.Equal(line, e.Line);
        Assert.Contains(why, e.Message);
        Assert.StartsWith($"第{line}行", e.Message);
    }

    [Fact]
    public void The_days_are_written_back_with_ranges_folded()
    {
        var text = "2026-03-02..2026-03-04\n2026-03-06\n";
        Assert.Equal(text, ProductionDaysText.Write(ProductionDaysText.Parse(text, 2026)));
    }
}
