using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Tests.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// Report dates a seed fixes (002 郑淘汰落后办〔2021〕2号: 6月27日, 10月27日, 10月30日, 10月31日; 003 §四.(三): 1月3日, 1月5日;
/// 000 §四.1: 每年7月和12月) are named last days: one that falls on a rest day moves to the next working day
/// (民法典第二百零三条), unless the profile keeps it fixed and says why. Nobody is reminded of a report as overdue, nor
/// named in a 通报 or summoned to a 约谈 about it, before that legal last day has ended — in every profile, in every
/// year of the holiday calendar. Pure: the real profiles and calendar, no database.
/// </summary>
public sealed class FixedDateReportDeadlineTests
{
    public static TheoryData<string> Profiles() => new(Repo.Catalog.Profiles.Select(p => p.Id).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Profiles))]
    public void No_overdue_reminder_notice_or_summons_before_the_legal_last_day_in_any_year(string profileId)
    {
        var profile = Repo.Catalog.Profile(profileId);
        // A 31 December that is a rest day moves into January of the next year: that year is answered provisionally.
        var calendar = Repo.Calendar.WithProvisionalYears(2);
        var policy = RepoFiles.Escalation;
        var checkedReports = 0;
        foreach (var year in Repo.Calendar.CoveredYears)
        {
            foreach (var due in ReportCalendar.For(profile, year, calendar))
            {
                var named = new DateOnly(year, due.Report.Month, Math.Min(due.Report.Day, DateTime.DaysInMonth(year, due.Report.Month)));
                var what = $"{profileId} {year} '{due.Report.Name}' named {named:yyyy-MM-dd}, last day {due.Deadline.LastDay:yyyy-MM-dd}";
                if (due.Report.FixedBecause is null)
                {
                    // The legal last day: the named day, or the first working day after the rest days it falls on.
                    Assert.True(due.Deadline.LastDay >= named, what);
                    Assert.True(calendar.IsWorkingDay(due.Deadline.LastDay), $"{what}: the last day is a rest day");
                    for (var d = named; d < due.Deadline.LastDay; d = d.AddDays(1))
                    {
                        Assert.True(calendar.IsRestDay(d), $"{what}: moved past the working day {d:yyyy-MM-dd}");
                    }
                }
                else
                {
                    Assert.Equal(named, due.Deadline.LastDay);
                }

                // The daily job, every day from sixty days before until the legal last day, on a report nobody files.
                // (Reminders before a January day of the calendar's first year would count back into a year it does not hold.)
                var first = new DateOnly(Repo.Calendar.CoveredYears.Min(), 1, 1);
                var remind = named.AddDays(-60) < first ? [] : profile.ReminderWorkingDaysBefore;
                var taken = new List<TakenStep>();
                for (var day = named.AddDays(-60) < first ? first : named.AddDays(-60); day <= due.Deadline.LastDay; day = day.AddDays(1))
                {
                    if (EscalationPlan.Next(EscalationSubject.LateReport, due.Deadline.LastDay, day, remind, taken, policy, calendar) is { } step)
                    {
                        Assert.True(step.WorkingDaysBefore is not null, $"{what}: '{step.Step}' on {day:yyyy-MM-dd}, before the last day had passed");
                        taken.Add(new TakenStep(step.Step, day));
                    }
                }

                checkedReports++;
            }
        }

        Assert.Equal(profile.Reports.Count * Repo.Calendar.CoveredYears.Count, checkedReports);
    }

    [Fact]
    public void Henan_census_due_Saturday_27_June_2026_is_due_Monday_29_June_and_its_overdue_reminder_waits_until_30_June()
    {
        // 002 郑淘汰落后办〔2021〕2号: 6月27日前 报送摸排结果; 27 June 2026 is a Saturday (民法典第二百零三条).
        var census = ReportCalendar.For(Repo.Catalog.Profile("henan-2021"), 2026, Repo.Calendar).Single(r => r.Report.Name == "census");
        Assert.Equal(new DateOnly(2026, 6, 29), census.Deadline.LastDay);
        var policy = RepoFiles.Escalation;
        Assert.Null(EscalationPlan.Next(EscalationSubject.LateReport, census.Deadline.LastDay, new DateOnly(2026, 6, 29), [], [], policy, Repo.Calendar));
        Assert.Equal("overdue-reminder", EscalationPlan.Next(EscalationSubject.LateReport, census.Deadline.LastDay, new DateOnly(2026, 6, 30), [], [], policy, Repo.Calendar)?.Step);
    }

    [Fact]
    public void Henan_October_dates_of_2026_move_off_the_weekend()
    {
        // 002: 10月27日前 年度总结 (Tuesday: stays), 10月30日前 验收 (Friday: stays), 10月底前 拆除完成 (Saturday 31 October → Monday 2 November).
        var due = ReportCalendar.For(Repo.Catalog.Profile("henan-2021"), 2026, Repo.Calendar).ToDictionary(r => r.Report.Name, r => r.Deadline.LastDay);
        Assert.Equal(new DateOnly(2026, 10, 27), due["annual-summary"]);
        Assert.Equal(new DateOnly(2026, 10, 30), due["acceptance-checks"]);
        Assert.Equal(new DateOnly(2026, 11, 2), due["exits-done"]);
    }

    [Fact]
    public void Zhanjiang_county_summary_due_3_January_2026_in_the_New_Year_holiday_is_due_on_the_make_up_working_day_4_January()
    {
        // 003 §四.(三): 各县（市、区）…于次年1月3日前 报送总结; 1-3 January 2026 is 元旦, Sunday 4 January a make-up working day.
        var due = ReportCalendar.For(Repo.Catalog.Profile("zhanjiang-2021"), 2026, Repo.Calendar).ToDictionary(r => r.Report.Name, r => r.Deadline.LastDay);
        Assert.Equal(new DateOnly(2026, 1, 4), due["county-summary"]);
        Assert.Equal(new DateOnly(2026, 1, 5), due["city-summary"]);
    }

    [Fact]
    public void Chenzhou_December_report_of_2022_due_Saturday_31_December_is_due_Tuesday_3_January_2023()
    {
        // 000 §四.1: 每年7月和12月 报送; the month's last day, 31 December 2022, a Saturday before 元旦 (1-2 January 2023).
        var annual = ReportCalendar.For(Repo.Catalog.Profile("chenzhou-2017"), 2022, Repo.Calendar).Single(r => r.Report.Name == "annual-report");
        Assert.Equal(new DateOnly(2023, 1, 3), annual.Deadline.LastDay);
    }

    [Fact]
    public void A_profile_that_keeps_a_date_fixed_must_say_why()
    {
        var profile = File.ReadAllText(Path.Combine(Repo.Root, "workflows", "profiles", "henan-2021.yaml"))
            .Replace("    due: 06-27\n", "    due: 06-27\n    roll: false\n", StringComparison.Ordinal);
        var files = Repo.ProfileFiles().Select(f => f.File.EndsWith("henan-2021.yaml", StringComparison.Ordinal) ? (f.File, profile) : f);
        var error = Assert.Throws<WorkflowDefinitionException>(() => WorkflowCatalog.Parse(Repo.DefinitionFiles(), files));
        Assert.Contains("fixed-because", error.Message, StringComparison.Ordinal);

        var explained = profile.Replace("    roll: false\n", "    roll: false\n    fixed-because: 省里统一汇总日，逢休息日不顺延（示例）\n", StringComparison.Ordinal);
        var catalog = WorkflowCatalog.Parse(Repo.DefinitionFiles(), Repo.ProfileFiles().Select(f => f.File.EndsWith("henan-2021.yaml", StringComparison.Ordinal) ? (f.File, explained) : f));
        var census = ReportCalendar.For(catalog.Profile("henan-2021"), 2026, Repo.Calendar).Single(r => r.Report.Name == "census");
        Assert.Equal(new DateOnly(2026, 6, 27), census.Deadline.LastDay);
    }
}
