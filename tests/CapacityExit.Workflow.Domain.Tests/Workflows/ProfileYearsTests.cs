using System.Globalization;
using System.Text;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Tests.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>
/// Two whole years (2025-2026) on the virtual clock for each seed profile, without a database: every case deadline,
/// reminder and task escalation of the five definitions (a case per standard found on 15 January 2025 and left alone,
/// and one found on 15 July 2025 that is granted a three-month extension), the ladder's 通报 and 约谈 on the overdue
/// step, every report due date with the reminders and the ladder of a report never filed, and the ladder of a missed
/// annual target. Kept as a readable expected file per profile (Workflows/expected/PROFILE.years.txt, reviewed against
/// the seeds; rewrite with CAPEXIT_ACCEPT_PROFILE_YEARS=1). The industry programmes (kiln days, coal, re-checks) have
/// their own two-year files, on a real PostgreSQL (Integration.Tests/Programmes/expected).
/// </summary>
public sealed class ProfileYearsTests
{
    private static readonly DateOnly First = new(2025, 1, 1);
    private static readonly DateOnly Last = new(2026, 12, 31);
    private static readonly string ExpectedRoot = Path.Combine(Repo.Root, "tests", "CapacityExit.Workflow.Domain.Tests", "Workflows", "expected");

    [Theory]
    [InlineData("chenzhou-2017")]
    [InlineData("changchun-2017")]
    [InlineData("henan-2021")]
    [InlineData("zhanjiang-2021")]
    [InlineData("jiaxing-2011")]
    public void Each_profiles_two_years_are_as_recorded(string profileId)
    {
        var actual = Journal(Repo.Catalog.Profile(profileId));
        var path = Path.Combine(ExpectedRoot, $"{profileId}.years.txt");
        if (Environment.GetEnvironmentVariable("CAPEXIT_ACCEPT_PROFILE_YEARS") == "1")
        {
            Directory.CreateDirectory(ExpectedRoot);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no recorded journal {path}");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    [Fact]
    public void Chenzhou_energy_case_found_in_January_2025_runs_out_on_15_July_and_climbs_the_ladder()
    {
        var journal = Journal(Repo.Catalog.Profile("chenzhou-2017")).Split('\n');
        // 2025-01-15 + 6 months = Tuesday 2025-07-15 (民法典第二百零三条: the period ends at 24:00 of that day).
        Assert.Contains(journal, l => l.StartsWith("2025-07-15  energy found 2025-01-15: rectification-deadline", StringComparison.Ordinal));
        // The 30-working-day reminder: counted back from 15 July, 10 working days in July (1-14) and 20 in
        // June, skipping 2 June (端午节 2025: 31 May-2 June), reach Tuesday 3 June.
        Assert.Contains(journal, l => l.StartsWith("2025-06-03  energy found 2025-01-15: reminder to bureau-officer 职能部门经办人 (rectifying/rectification-deadline/reminder-30wd)", StringComparison.Ordinal));
        // The ladder on the reinspection left undone: its escalation on 30 July, 通报 10 working days on, 约谈 10 more.
        Assert.Contains(journal, l => l.StartsWith("2025-08-13  energy found 2025-01-15: 通报", StringComparison.Ordinal));
        Assert.Contains(journal, l => l.StartsWith("2025-08-27  energy found 2025-01-15: 约谈", StringComparison.Ordinal));
        // A missed 2025 target: 通报 on the first working day after the year, Sunday 4 January 2026 (a make-up working day).
        Assert.Contains(journal, l => l == "2026-01-04  2025 annual exit target due 2025-12-31, missed: 通报 circulated-notice");
        // The extension granted to the July case: 2026-01-15 + 3 months = Wednesday 2026-04-15.
        Assert.Contains(journal, l => l.StartsWith("2026-04-15  energy found 2025-07-15 (extended P3M): extension-deadline", StringComparison.Ordinal));
    }

    private static string Journal(JurisdictionProfile profile)
    {
        var calendar = Repo.Calendar;
        var policy = RepoFiles.Escalation;
        var lines = new List<(DateOnly Day, string Text)>();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {profile.Id} {profile.Title}: case deadlines, reminders, report due dates and escalations, {D(First)}..{D(Last)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# sources: {string.Join(", ", profile.Sources)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# reminders {string.Join("/", profile.ReminderWorkingDaysBefore)} working days before a last day, at {profile.ReminderAt:HH\\:mm}; holiday calendar {string.Join(", ", calendar.CoveredYears)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# ladder (working days after the last day): overdue step 通报 {policy.Thresholds[EscalationSubject.OverdueStep].CirculateAfter}, 约谈 {policy.Thresholds[EscalationSubject.OverdueStep].InterviewAfter}; late report reminder {policy.Thresholds[EscalationSubject.LateReport].ReminderAfter}, 通报 {policy.Thresholds[EscalationSubject.LateReport].CirculateAfter}, 约谈 {policy.Thresholds[EscalationSubject.LateReport].InterviewAfter}; missed target 通报 {policy.Thresholds[EscalationSubject.MissedAnnualTarget].CirculateAfter}, 约谈 {policy.Thresholds[EscalationSubject.MissedAnnualTarget].InterviewAfter}; gap {policy.Gap}\n");

        var horizon = ChinaTime.StartOfDay(Last.AddDays(1));
        var simulator = new CaseSimulator(calendar);
        foreach (var definition in Repo.Catalog.Definitions.Where(d => d.Version == Repo.Catalog.Latest(d.Id).Version).OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            // The July case asks for the extension where the definition grants one (000 §三.5: at most three months).
            var extends = definition.States.Values.Any(s => s.On.Any(t => t.ExtendsDeadline is not null));
            foreach (var (found, extension) in new[] { (new DateOnly(2025, 1, 15), (string?)null), (new DateOnly(2025, 7, 15), extends ? "P3M" : null) })
            {
                var facts = Facts(definition.Id, found);
                var label = $"{definition.Id} found {D(found)}{(extension is null ? "" : $" (extended {extension})")}";
                SimulationResult result;
                try
                {
                    result = Simulate(simulator, definition, profile, found, facts, extension, horizon);
                }
                catch (WorkflowRuleException) when (definition.Id is "safety" or "quality" && !facts.ContainsKey("orderPeriod"))
                {
                    // Outside 郴州 the period of 停产停业整顿 is the order's (责令文书), and in 湛江 that of a quality case's
                    // 停产整改 (003 §二.(三).3 sets none): three months here.
                    facts["orderPeriod"] = "P3M";
                    result = Simulate(simulator, definition, profile, found, facts, extension, horizon);
                }

                if (facts.Count > 0)
                {
                    lines.Add((found, $"{label}: opened with {string.Join(", ", facts.Select(f => $"{f.Key}={f.Value}"))}"));
                }

                foreach (var fired in result.Fired)
                {
                    lines.Add((fired.Day, $"{label}: {fired.Kind} to {Role(profile, fired.RecipientRole)} ({fired.TimerKey})"));
                    if (fired.Kind == "task-escalation")
                    {
                        // EscalationJob on the working days after the step's last day: 通报 naming the bureau, then 约谈.
                        lines.AddRange(Ladder(EscalationSubject.OverdueStep, fired.Day, [], policy, calendar)
                            .Select(s => (s.On, $"{label}: {Rung(s.Step)} on the overdue step {fired.TimerKey}")));
                    }
                }

                lines.Add((ForecastLine.DayOf(horizon.AddTicks(-1)), $"{label}: at the end of {Last.Year} in '{result.Final.State}'" +
                    (result.Stopped is null ? "" : $" ({result.Stopped})")));
            }
        }

        foreach (var year in new[] { 2025, 2026 })
        {
            foreach (var report in ReportCalendar.For(profile, year, calendar))
            {
                var subject = $"{year} report '{report.Report.Title}' from {string.Join("+", report.Report.From).ToLowerInvariant()} to {Role(profile, report.Report.To)}";
                lines.Add((report.Deadline.LastDay, $"{subject}: last day ({OneLine(report.Deadline.ExplainEn())})"));
                lines.AddRange(Ladder(EscalationSubject.LateReport, report.Deadline.LastDay, profile.ReminderWorkingDaysBefore, policy, calendar)
                    .Select(s => (s.On, $"{subject}, never filed: {Rung(s.Step)}")));
            }

            var due = new DateOnly(year, 12, 31);
            lines.AddRange(Ladder(EscalationSubject.MissedAnnualTarget, due, [], policy, calendar)
                .Select(s => (s.On, $"{year} annual exit target due {D(due)}, missed: {Rung(s.Step)}")));
        }

        foreach (var (day, line) in lines.Where(l => l.Day >= First && l.Day <= Last).OrderBy(l => l.Day).ThenBy(l => l.Text, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{D(day)}  {line}\n");
        }

        return text.ToString();
    }

    private static SimulationResult Simulate(CaseSimulator simulator, WorkflowDefinition definition, JurisdictionProfile profile, DateOnly found,
        Dictionary<string, string> facts, string? extension, DateTimeOffset horizon) =>
        simulator.Run(definition, profile, new CaseFacts(definition.Id, found, facts), new SimulationOptions(extension is null ? null : PeriodExpression.Parse(extension), horizon));

    /// <summary>What the order (责令文书) fixes where a definition asks for it: three months to stop and rectify, demolition within half a year.</summary>
    private static Dictionary<string, string> Facts(string definitionId, DateOnly found) => definitionId switch
    {
        "environment" => new() { ["orderPeriod"] = "P3M" },
        "technology" => new() { ["demolitionDate"] = D(found.AddMonths(6).AddDays(-1)) },
        _ => [],
    };

    /// <summary>The steps a daily job on working days takes on one subject that nobody cures, from 60 days before its last day.</summary>
    private static List<TakenStep> Ladder(EscalationSubject subject, DateOnly lastDay, IReadOnlyList<int> remindBefore, EscalationPolicy policy, HolidayCalendar calendar)
    {
        var taken = new List<TakenStep>();
        var start = subject == EscalationSubject.OverdueStep ? lastDay.AddDays(1) : lastDay.AddDays(-60);
        for (var day = start; day <= Last && taken.All(t => t.Step != "interview-summons"); day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
            {
                continue;
            }

            if (subject == EscalationSubject.OverdueStep)
            {
                // The engine's escalation mail is the reminder rung, on the last day itself (EscalationJob).
                var top = taken.LastOrDefault();
                var decision = EscalationLadder.Decide(subject, lastDay, day, top is null ? CapacityExit.Workflow.Domain.Escalation.Rung.Reminder : EscalationPlan.RungOf(top.Step),
                    top?.On ?? lastDay.AddDays(1), policy, calendar);
                if (decision.Next is CapacityExit.Workflow.Domain.Escalation.Rung.CirculatedNotice or CapacityExit.Workflow.Domain.Escalation.Rung.InterviewSummons)
                {
                    taken.Add(new TakenStep(EscalationPlan.StepOf(decision.Next), day));
                }

                continue;
            }

            if (EscalationPlan.Next(subject, lastDay, day, remindBefore, taken, policy, calendar) is { } plan)
            {
                taken.Add(new TakenStep(plan.Step, day));
            }
        }

        return taken;
    }

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Rung(string step) => step switch
    {
        "circulated-notice" => "通报 circulated-notice",
        "interview-summons" => "约谈 interview-summons",
        "overdue-reminder" => "逾期提醒 overdue-reminder",
        _ => $"提醒 reminder {step}",
    };

    private static string Role(JurisdictionProfile profile, string role) =>
        profile.RoleTitles.TryGetValue(role, out var title) ? $"{role} {title}" : role;

    private static string D(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
