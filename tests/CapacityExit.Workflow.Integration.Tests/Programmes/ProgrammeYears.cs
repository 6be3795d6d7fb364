using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Core.Obligations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Programmes;

/// <summary>
/// Two whole years (2025-2026) of the industry programmes on the virtual clock, on a real PostgreSQL with the demo
/// registry of the five seed cities: the job runs every morning through the calendar-job runner as Hangfire calls it,
/// and people act in the afternoon. 郴州 (000): two cement clinker lines — the demo one with an energy case and a
/// second without any case — and a grinding station the programme must not bind; stops confirmed, one never, one
/// late, one checked by the bureau; a coal mine's monthly production days with a holiday and days past 276.
/// 湛江 (003): two exited cases re-checked a year after acceptance, one failing. 嘉兴: an exited case, no re-check
/// (its profile sets none). What happened is kept per profile, as the expected files list it.
/// </summary>
public sealed class ProgrammeYears : IAsyncLifetime
{
    public const string PowerSupplierMailbox = "power.chenzhou@example.org";

    public WorkflowTestHost Host { get; } = new(start: new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.FromHours(8)),
        configuration: new Dictionary<string, string?> { ["CapacityExit:Mail:Directory:power-supplier"] = $"示例供电公司 <{PowerSupplierMailbox}>" });

    public long RecheckFailedTask { get; private set; }

    public long FollowUpCase { get; private set; }

    public long ZhanjiangQualityCase { get; private set; }

    public int SecondLine { get; private set; }

    public int DemoLine { get; private set; }

    public int Mine { get; private set; }

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        await SetUpRegistryAsync();
        var calendar = Host.Services.GetRequiredService<HolidayCalendar>();
        var kiln = Catalog.Profile("chenzhou-2017").KilnShutdown!;
        // The runner Hangfire calls: it checks the day against the calendar and records the run once per day.
        var runner = new CalendarJobRunner([Host.Services.GetRequiredService<ProgrammeJob>()], calendar, Host.Services.GetRequiredService<NpgsqlDataSource>(),
            Host.Time, NullLogger<CalendarJobRunner>.Instance);
        var ladder = Host.Services.GetRequiredService<ObligationLadderJob>();
        for (var day = new DateOnly(2025, 1, 2); day <= new DateOnly(2026, 12, 31); day = day.AddDays(1))
        {
            At(day, 9, 20);
            await runner.RunForOutcomeAsync(ProgrammeJob.JobId, CancellationToken.None);
            if (calendar.IsWorkingDay(day))
            {
                // The tasks the programmes opened climb the one ladder (which, in the office, climbs every kind at 09:30).
                await ladder.RunForDayAsync(day, CancellationToken.None, ObligationKind.ProgrammeTask);
            }

            At(day, 16, 0);
            await AfternoonAsync(day, kiln, calendar);
        }
    }

    public Task DisposeAsync() => Host.DisposeAsync();

    public WorkflowCatalog Catalog => Host.Services.GetRequiredService<WorkflowRuntime>().Catalog;

    private void At(DateOnly day, int hour, int minute) =>
        Host.Time.SetUtcNow(new DateTimeOffset(day.Year, day.Month, day.Day, hour, minute, 0, TimeSpan.FromHours(8)));

    private async Task SetUpRegistryAsync()
    {
        At(new DateOnly(2025, 1, 2), 8, 0);
        (DemoLine, SecondLine, Mine) = await Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var registry = sp.GetRequiredService<RegistryService>();
            var demo = await db.CapacityItems.SingleAsync(i => i.Description.Contains("熟料"));
            var cement = await registry.CreateEnterpriseAsync(new NewEnterprise("郴州示例第二水泥有限公司", CreditCode.Complete("91431002MA9000001"), "水泥", "431002",
                "演示联系人", "000-0000-9001", "second-cement@example.org"), CancellationToken.None);
            var line = await registry.AddCapacityItemAsync(new NewCapacityItem(cement.Id, "5000吨/日新型干法水泥熟料生产线", 155m, "万吨/年"), CancellationToken.None);
            await registry.AddCapacityItemAsync(new NewCapacityItem(cement.Id, "水泥粉磨站", 60m, "万吨/年"), CancellationToken.None);
            var mine = await registry.CreateEnterpriseAsync(new NewEnterprise("郴州示例煤矿有限公司", CreditCode.Complete("91431081MA9000002"), "煤炭", "431081",
                "演示联系人", "000-0000-9002", "mine@example.org"), CancellationToken.None);
            await registry.AddCapacityItemAsync(new NewCapacityItem(mine.Id, "井工煤矿", 30m, "万吨/年"), CancellationToken.None);
            return (demo.Id, line.Id, mine.Id);
        });

        // Exits as their workflows end them (state exited, finished at the acceptance), for the re-checks to look back on.
        ZhanjiangQualityCase = await ExitAsync("湛江示例蓄电池", "quality", new DateTimeOffset(2025, 3, 31, 15, 0, 0, TimeSpan.FromHours(8)));
        await ExitAsync("湛江示例焦化", "environment", new DateTimeOffset(2025, 11, 28, 15, 0, 0, TimeSpan.FromHours(8)));
        await ExitAsync("嘉兴示例化纤", "technology", new DateTimeOffset(2025, 6, 30, 15, 0, 0, TimeSpan.FromHours(8)));
    }

    private async Task<long> ExitAsync(string enterprise, string definition, DateTimeOffset acceptedAt)
    {
        var id = await Host.ScalarAsync<long>("select c.id from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id " +
            "join capacity_exit.enterprises e on e.id = i.enterprise_id where e.name = @name", ("name", enterprise + "有限公司"));
        var profile = await Host.ScalarAsync<string>("select j.profile_id from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id " +
            "join capacity_exit.enterprises e on e.id = i.enterprise_id join capacity_exit.jurisdictions j on j.id = (select parent_id from capacity_exit.jurisdictions where id = e.county_id) where c.id = @id", ("id", id));
        await Host.ExecuteAsync("""
            update capacity_exit.cases set status = 'Exited' where id = @id;
            insert into capacity_exit.workflow_instances (case_id, definition_id, version, profile_id, state, variables, started_at, updated_at, finished_at, revision)
            values (@id, @definition, 1, @profile, 'exited', '{}', @at - interval '200 days', @at, @at, 9);
            """, ("id", id), ("definition", definition), ("profile", profile), ("at", acceptedAt.ToUniversalTime()));
        return id;
    }

    /// <summary>What people do in the afternoon of <paramref name="day"/>.</summary>
    private async Task AfternoonAsync(DateOnly day, KilnShutdownProgramme kiln, HolidayCalendar calendar)
    {
        // Kiln stops are confirmed on the last day for it (the next working day), save the planned exceptions.
        foreach (var d in KilnShutdownRule.Between(kiln, day.AddDays(-20), day, calendar.WithProvisionalYears(2)).Where(d => d.ConfirmBy == day))
        {
            if (!(d.Year == 2026 && d.Month == 2))
            {
                await ConfirmAsync(DemoLine, d.Day, "enterprise", d.Year == 2025 && d.Month == 6);
            }

            if (!(d.Year == 2025 && d.Month == 3) && !(d.Year == 2026 && d.Month == 10))
            {
                await ConfirmAsync(SecondLine, d.Day, "power-supplier", false);
            }
        }

        if (day == new DateOnly(2026, 2, 26))
        {
            await ConfirmAsync(DemoLine, new DateOnly(2026, 2, 15), "enterprise", false); // late: the bureau's task is open since the 25th
        }

        // The bureau checks the October 2026 stop on site the day after its task opened.
        if (day == new DateOnly(2026, 10, 20))
        {
            await CompleteAsync("chenzhou-industryit", $"kiln:{SecondLine}:2026-10-15", "stopped", "现场核查：10月15日全天断电停产，电表读数无变化。");
        }

        // The coal mine's production days of the month before, on its first working day (December's on 31 December).
        if (FirstWorkingDay(day, calendar) || day == new DateOnly(2026, 12, 31))
        {
            var month = day == new DateOnly(2026, 12, 31) ? day : day.AddMonths(-1);
            if (month.Year >= 2025)
            {
                await ReportCoalAsync(month.Year, month.Month, calendar);
            }
        }

        if (day == new DateOnly(2025, 11, 5))
        {
            await CompleteAsync("chenzhou-development", $"coal:{Mine}:2025-10", "dealt-with", "已约谈企业负责人，责令节假日停产，并依法处理。");
        }

        if (day == new DateOnly(2026, 4, 10))
        {
            RecheckFailedTask = await TaskIdAsync($"recheck:{ZhanjiangQualityCase}");
            var task = await Host.InScopeAsync(sp => sp.GetRequiredService<ProgrammeService>().CompleteTaskAsync("zhanjiang-marketregulation",
                // 湛江's quality case runs the order's period (003 §二.(三).3 sets none): the new order gives six months.
                new TaskOutcome(RecheckFailedTask, "failed", "回头看：封存的开口式铅酸电池生产线已私自启封恢复生产。", null,
                    new Dictionary<string, string> { ["orderPeriod"] = "P6M" }), CancellationToken.None));
            FollowUpCase = task.FollowUpCaseId!.Value;
        }
    }

    private static bool FirstWorkingDay(DateOnly day, HolidayCalendar calendar)
    {
        for (var d = new DateOnly(day.Year, day.Month, 1); d < day; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                return false;
            }
        }

        return calendar.IsWorkingDay(day);
    }

    private Task ConfirmAsync(int line, DateOnly day, string party, bool photo) => Host.InScopeAsync(async sp =>
    {
        UploadedFile? file = photo ? await UploadedFile.ReadAsync("photo", "停产现场.png", new MemoryStream(Png), UploadedFile.Photos, CancellationToken.None) : null;
        return await sp.GetRequiredService<ProgrammeService>().ConfirmKilnStopAsync(line == DemoLine ? "chenzhou-industryit" : "chenzhou-county",
            new KilnConfirmation(line, day, party, photo ? null : $"断电前 {day.DayNumber % 9000} kWh，断电后 {day.DayNumber % 9000} kWh（读数不变）", file), CancellationToken.None);
    });

    private async Task CompleteAsync(string login, string subject, string outcome, string note)
    {
        var id = await TaskIdAsync(subject);
        if (id == 0)
        {
            return; // no breach that month, so no task
        }

        await Host.InScopeAsync(sp => sp.GetRequiredService<ProgrammeService>().CompleteTaskAsync(login, new TaskOutcome(id, outcome, note), CancellationToken.None));
    }

    public Task<long> TaskIdAsync(string subject) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<CapacityExitDbContext>().ProgrammeTasks.Where(t => t.Subject == subject).Select(t => t.Id).FirstOrDefaultAsync());

    /// <summary>The mine works Monday to Saturday save public holidays, and on 1 October 2025 and 17 February 2026 too.</summary>
    private Task ReportCoalAsync(int year, int month, HolidayCalendar calendar) => Host.InScopeAsync(async sp =>
    {
        var days = new List<DateOnly>();
        for (var d = new DateOnly(year, month, 1); d.Month == month; d = d.AddDays(1))
        {
            if ((d.DayOfWeek != DayOfWeek.Sunday && calendar.Classify(d) != DayKind.PublicHoliday) || d == new DateOnly(2025, 10, 1) || d == new DateOnly(2026, 2, 17))
            {
                days.Add(d);
            }
        }

        return await sp.GetRequiredService<ProgrammeService>().RecordCoalReportAsync("chenzhou-development",
            new CoalReportInput(Mine, year, month, ProductionDaysText.Write(days)), CancellationToken.None);
    });

    /// <summary>A 1×1 PNG: the signature and its first chunk, enough for the upload check.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Everything the programmes did in one profile's city over the two years, one line each, by date.</summary>
    public Task<string> JournalAsync(string profileId) => Host.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<CapacityExitDbContext>();
        var profile = Catalog.Profile(profileId);
        var city = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.ProfileId == profileId && j.Level == JurisdictionLevel.PrefectureCity);
        var regions = await db.Jurisdictions.AsNoTracking().Where(j => j.Id == city.Id || j.ParentId == city.Id).Select(j => j.Id).ToListAsync();
        var lines = new List<(DateOnly On, int Order, string Text)>();
        var head = new StringBuilder($"# {profileId} {city.NameZh}: industry programmes on the virtual clock, 2025-01-01..2026-12-31\n");
        head.Append(profile.KilnShutdown is { } k
            ? $"# kiln-shutdown ({k.Source}): day {k.Day}, {k.HoursText}, rest days {(k.MovesOffRestDays ? "move it" : "do not move it")}, reminders {string.Join("/", k.RemindWorkingDaysBefore)} working days before, to {string.Join(", ", k.Notify)}\n"
            : "# kiln-shutdown: none (the profile sets no programme)\n");
        head.Append(profile.Coal is { } c ? $"# coal ({c.Source}): {c.WorkingDaysPerYear} working days a year, no production on statutory holidays: {c.NoProductionOnHolidays}, a month reported by day {c.ReportDueDay} of the next, reminders {string.Join("/", c.ReportRemindWorkingDaysBefore)} working days before\n" : "# coal: none\n");
        head.Append(profile.Recheck is { } rc ? $"# recheck ({rc.Source}): {rc.MonthsAfterAcceptance} months after acceptance, {rc.DueWorkingDays} working days to re-inspect\n" : "# recheck: none\n");

        var tasks = await db.ProgrammeTasks.AsNoTracking().Where(t => t.CityId == city.Id).OrderBy(t => t.Id).ToListAsync();
        var taskNo = tasks.Select((t, i) => (t.Id, No: i + 1)).ToDictionary(x => x.Id, x => x.No);
        foreach (var t in tasks)
        {
            lines.Add((t.OpenedOn, 2, $"task T{taskNo[t.Id]} opened ({t.Kind}) \"{t.Title}\" due {Iso(t.DueOn)}"));
            if (t.ClosedAt is { } closed)
            {
                lines.Add((Local(closed), 5, $"task T{taskNo[t.Id]} closed: {t.Outcome} by {t.ClosedBy}{(t.FollowUpCaseId is not null ? " → a new case against the enterprise, linked to its exited case" : "")}"));
            }
        }

        var subjects = tasks.ToDictionary(t => ProgrammeJob.Subject(t), t => $"T{taskNo[t.Id]}");
        var steps = await db.EscalationSteps.AsNoTracking().Where(s => s.Subject.StartsWith("kiln:" + city.Id + ":") || s.Subject.StartsWith("programme-task:")).OrderBy(s => s.Id).ToListAsync();
        foreach (var s in steps.Where(s => s.Subject.StartsWith("kiln:") || subjects.ContainsKey(s.Subject)))
        {
            var about = s.Subject.StartsWith("kiln:") ? "kiln day " + s.Subject[(s.Subject.LastIndexOf(':') + 1)..] : subjects[s.Subject];
            var how = s.NoticeId is not null ? " (notice issued)" : s.OutboxId is null && !s.Subject.StartsWith("kiln:") ? " (told with the task: no mail of its own)" : "";
            lines.Add((s.TakenOn, 3, $"step {s.Step} on {about}{how}"));
        }

        var mails = await db.Outbox.AsNoTracking().Where(m => m.Kind == "programme-duty").OrderBy(m => m.Id).ToListAsync();
        foreach (var m in mails)
        {
            var data = JsonSerializer.Deserialize<Dictionary<string, string>>(m.Data)!;
            if (!regions.Contains(int.Parse(data["region_id"], CultureInfo.InvariantCulture)))
            {
                continue;
            }

            var what = data["duty"] switch
            {
                "kiln-reminder" or "power-notice" => $"kiln day {data["day_iso"]}",
                "coal-report-reminder" => $"coal report {data["month_iso"]} due {data["last_day_iso"]}",
                _ => subjects.GetValueOrDefault($"programme-task:{data["task_id"]}", "?"),
            };
            lines.Add((Local(m.CreatedAt), 4, $"mail to {m.RecipientRole}{(data.TryGetValue("enterprise_name", out var e) ? " " + e : "")}: {data["duty"]} {what}"));
        }

        var kilns = await db.KilnShutdowns.AsNoTracking().Where(x => x.CityId == city.Id).OrderBy(x => x.Day).ThenBy(x => x.CapacityItemId).ToListAsync();
        foreach (var x in kilns)
        {
            var line = x.CapacityItemId == DemoLine ? "demo line" : x.CapacityItemId == SecondLine ? "second line" : $"line {x.CapacityItemId}";
            lines.Add((x.Day, 1, $"kiln stop {line}: {x.Status}{(x.ConfirmedAt is { } at ? $" {Iso(Local(at))} by {x.ConfirmedByParty} ({(x.PhotoSha256 is not null ? "photo" : "meter readings")})" : "")}, confirm by {Iso(x.ConfirmBy)}{(x.TaskId is { } tid ? $", task T{taskNo[tid]}" : "")}"));
        }

        var reports = await db.CoalProductionReports.AsNoTracking().Join(db.Enterprises, r => r.EnterpriseId, e => e.Id, (r, e) => new { r, e.CountyId }).Where(x => regions.Contains(x.CountyId)).Select(x => x.r).OrderBy(r => r.Id).ToListAsync();
        foreach (var r in reports)
        {
            lines.Add((Local(r.RecordedAt), 0, $"coal report {r.Year}-{r.Month:00}: {r.DayCount} production days{(r.TaskId is { } tid ? $" → task T{taskNo[tid]}" : "")}"));
        }

        var sorted = lines.OrderBy(l => l.On).ThenBy(l => l.Order).ThenBy(l => l.Text, StringComparer.Ordinal).Select(l => $"{Iso(l.On)}  {l.Text}");
        var details = tasks.Select(t => $"# T{taskNo[t.Id]}: {t.Detail.Replace("\n", "\n#   ", StringComparison.Ordinal)}");
        return head + string.Join("\n", sorted) + (tasks.Count > 0 ? "\n" : "") + string.Join("\n", details) + "\n";
    });

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Local(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, ChinaTime.Zone).DateTime);
}
