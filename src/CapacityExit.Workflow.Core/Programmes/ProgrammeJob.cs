using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Programmes;

/// <summary>
/// 09:20 on working days: the industry programmes of every city whose profile sets one.
/// Kiln shutdown (000 §二 水泥): before each shutdown day, at the programme's offsets, a reminder to every line's
/// enterprise and to the bureau, and the power supplier's notice; from the day on, a record per line awaiting its
/// confirmation; a stop still unconfirmed after the next working day becomes the bureau's task.
/// Re-checks (回头看, 003): the profile's months after an exit's acceptance, a re-inspection task for the bureau.
/// Coal mines (000 §二 煤炭): before a month's production-days report is due, a reminder to the bureau and the mine; a
/// month not reported by its day → the bureau's task (ProgrammeJob.Coal.cs).
/// The tasks it opens climb the one ladder with every other duty (Obligations/ObligationLadderJob). Each step here commits
/// on its own and is kept in escalation_steps (unique per subject and step: a rerun sends nothing twice).
/// </summary>
public sealed partial class ProgrammeJob(IServiceScopeFactory scopes, NoticeSettings settings, TimeProvider time, ILogger<ProgrammeJob> logger) : ICalendarJob
{
    public const string JobId = "industry-programmes";
    public const string Actor = "system:programmes";

    /// <summary>Working days the bureau has for a programme task it did not ask for (a kiln stop unconfirmed, a coal breach).</summary>
    public const int TaskWorkingDays = 5;

    public string Id => JobId;

    public string Cron => "20 9 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

    public Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken) =>
        RunForDayAsync(nominalDay, cancellationToken);

    public async Task<string> RunForDayAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var directory = sp.GetRequiredService<ProgrammeDirectory>();
        var counts = new int[3];
        foreach (var city in await directory.CitiesAsync(p => p.KilnShutdown is not null, cancellationToken))
        {
            counts[0] += await KilnRemindersAsync(sp, directory, city, today, cancellationToken);
            counts[1] += await KilnChecksAsync(sp, directory, city, today, cancellationToken);
        }

        foreach (var city in await directory.CitiesAsync(p => p.Recheck is not null, cancellationToken))
        {
            counts[2] += await RechecksAsync(sp, directory, city, today, cancellationToken);
        }

        var coal = 0;
        foreach (var city in await directory.CitiesAsync(p => p.Coal is not null, cancellationToken))
        {
            coal += await CoalReportDutiesAsync(sp, directory, city, today, cancellationToken);
        }

        // A closure whose transition could not open its permit duty (001 §四.(七)) gets it here.
        var permits = sp.GetService<PermitCancellationDuties>() is { } duties ? await duties.CatchUpAsync(cancellationToken) : 0;
        return $"{counts[0]} kiln reminder(s), {counts[1]} kiln stop(s) unconfirmed, {counts[2]} re-check(s) opened, {coal} coal report duty(ies), {permits} permit duty(ies)";
    }

    private async Task<int> KilnRemindersAsync(IServiceProvider sp, ProgrammeDirectory directory, ProgrammeCity city, DateOnly today, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<CapacityExitDbContext>();
        var programme = city.Profile.KilnShutdown!;
        var days = directory.Calendar;
        var done = 0;
        foreach (var day in KilnShutdownRule.Between(programme, today, today.AddDays(62), days))
        {
            var subject = $"kiln:{city.City.Id}:{ProgrammeMail.Iso(day.Day)}";
            var taken = await db.EscalationSteps.AsNoTracking().Where(s => s.Subject == subject).Select(s => new TakenStep(s.Step, s.TakenOn)).ToListAsync(cancellationToken);
            var plan = EscalationPlan.Next(EscalationSubject.OverdueStep, day.Day, today, programme.RemindWorkingDaysBefore, taken, settings.Escalation, days);
            if (plan is null)
            {
                continue;
            }

            var lines = await directory.KilnLinesAsync(city.City.Id, cancellationToken);
            if (lines.Count == 0)
            {
                continue;
            }

            var bureau = await directory.BureauForAsync(city.City.Id, ProgrammeTaskKinds.KilnUnconfirmed, cancellationToken);
            var now = time.GetUtcNow().ToUniversalTime();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var step = new EscalationStepRecord { Subject = subject, Step = plan.Step, JurisdictionId = city.City.Id, TakenOn = today, TakenAt = now, Why = plan.ReasonZh };
            db.EscalationSteps.Add(step);
            if (!await SavedOnceAsync(db, cancellationToken))
            {
                continue;
            }

            Dictionary<string, string> Data(IEnumerable<KilnLine> which) => new()
            {
                ["duty"] = "kiln-reminder", ["day"] = ProgrammeMail.Zh(day.Day), ["day_iso"] = ProgrammeMail.Iso(day.Day), ["hours"] = programme.HoursText,
                ["confirm_by"] = ProgrammeMail.Zh(day.ConfirmBy), ["confirm_by_iso"] = ProgrammeMail.Iso(day.ConfirmBy),
                ["explanation"] = day.ExplainZh(programme, days), ["source"] = programme.Source, ["reason"] = plan.ReasonZh,
                ["lines"] = string.Join("\n", which.Select(l => "· " + l.Label)), ["title"] = "水泥熟料装置每月固定时间断电停产",
            };
            var key = $"{step.Id}";
            OutboxMessage? first = null;
            foreach (var role in programme.Notify)
            {
                if (role == ProgrammeMail.Enterprise)
                {
                    foreach (var group in lines.GroupBy(l => l.EnterpriseId))
                    {
                        var l = group.First();
                        ProgrammeMail.Add(db, $"{key}-e{group.Key}", role, l.CountyId, bureau?.Id, now, Data(group), (l.EnterpriseName, l.EnterpriseEmail));
                    }
                }
                else
                {
                    var data = Data(lines);
                    if (role == ProgrammeMail.PowerSupplier)
                    {
                        data["duty"] = "power-notice";
                    }

                    var m = ProgrammeMail.Add(db, key, role, city.City.Id, bureau?.Id, now, data);
                    first ??= m;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            step.OutboxId = first?.Id;
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done++;
            logger.LogInformation("Kiln shutdown {Step} for {City} {Day}: {Lines} line(s)", plan.Step, city.City.NameZh, day.Day, lines.Count);
        }

        return done;
    }

    /// <summary>
    /// From the day on (on a working day up to the last day to confirm it), a record per line; a record still
    /// unconfirmed after its next working day → the bureau's task.
    /// </summary>
    private async Task<int> KilnChecksAsync(IServiceProvider sp, ProgrammeDirectory directory, ProgrammeCity city, DateOnly today, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<CapacityExitDbContext>();
        var programme = city.Profile.KilnShutdown!;
        var lines = await directory.KilnLinesAsync(city.City.Id, cancellationToken);
        // Days still open to confirmation: a stop that ran before the programme ran here (installed later) is nobody's task.
        foreach (var day in KilnShutdownRule.Between(programme, today.AddDays(-40), today, directory.Calendar).Where(d => d.ConfirmBy >= today))
        {
            var have = await db.KilnShutdowns.Where(k => k.CityId == city.City.Id && k.Day == day.Day).Select(k => k.CapacityItemId).ToListAsync(cancellationToken);
            foreach (var line in lines.Where(l => !have.Contains(l.CapacityItemId)))
            {
                db.KilnShutdowns.Add(new KilnShutdownRecord { CityId = city.City.Id, CapacityItemId = line.CapacityItemId, Day = day.Day, ConfirmBy = day.ConfirmBy, Status = KilnShutdownStatus.Pending });
            }
        }

        if (!await SavedOnceAsync(db, cancellationToken))
        {
            return 0; // another host created them a moment ago; the next run checks them
        }

        var late = await db.KilnShutdowns.Where(k => k.CityId == city.City.Id && k.Status == KilnShutdownStatus.Pending && k.ConfirmBy < today)
            .OrderBy(k => k.Day).ThenBy(k => k.CapacityItemId).ToListAsync(cancellationToken);
        var bureau = await directory.BureauForAsync(city.City.Id, ProgrammeTaskKinds.KilnUnconfirmed, cancellationToken);
        var done = 0;
        foreach (var record in late)
        {
            var line = lines.FirstOrDefault(l => l.CapacityItemId == record.CapacityItemId);
            if (line is null || bureau is null)
            {
                continue; // the line has exited since, or the city has no bureau to answer: the nightly check's business
            }

            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var task = await OpenTaskAsync(db, new ProgrammeTask
            {
                Kind = ProgrammeTaskKinds.KilnUnconfirmed, Subject = $"kiln:{record.CapacityItemId}:{ProgrammeMail.Iso(record.Day)}", CityId = city.City.Id,
                RegionId = line.CountyId, BureauId = bureau.Id, EnterpriseId = line.EnterpriseId, CapacityItemId = line.CapacityItemId,
                Title = $"核查{line.Label}{record.Day.Month}月{record.Day.Day}日是否断电停产",
                Detail = $"{ProgrammeMail.Zh(record.Day)}为{city.City.NameZh}水泥熟料装置断电停产日（{programme.Source}）；企业和供电企业至{ProgrammeMail.Zh(record.ConfirmBy)}下班前均未确认停产（电表读数或现场照片）。请现场核查并登记结果。",
                OpenedOn = today, DueOn = directory.Calendar.AddWorkingDays(today, TaskWorkingDays), Source = programme.Source,
            }, cancellationToken);
            if (task is null)
            {
                continue;
            }

            record.Status = KilnShutdownStatus.Unconfirmed;
            record.TaskId = task.Id;
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            done++;
        }

        db.ChangeTracker.Clear();
        return done;
    }

    /// <summary>回头看 (003): every exited case of the city, the profile's months after its acceptance, once.</summary>
    private async Task<int> RechecksAsync(IServiceProvider sp, ProgrammeDirectory directory, ProgrammeCity city, DateOnly today, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<CapacityExitDbContext>();
        var programme = city.Profile.Recheck!;
        // Accepted at least the programme's months ago (in UTC a day's slack either side; the rule below decides).
        var acceptedBy = ChinaTime.StartOfDay(today.AddMonths(-programme.MonthsAfterAcceptance).AddDays(1)).ToUniversalTime();
        var exited = await db.Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.Exited && (c.CapacityItem!.Enterprise!.County!.ParentId == city.City.Id || c.CapacityItem.Enterprise.CountyId == city.City.Id))
            .Join(db.WorkflowInstances.AsNoTracking().Where(i => i.FinishedAt != null && i.FinishedAt < acceptedBy), c => c.Id, i => i.CaseId,
                (c, i) => new { c.Id, c.ResponsibleBureauId, c.CapacityItemId, c.CapacityItem!.Description, c.CapacityItem.EnterpriseId, EnterpriseName = c.CapacityItem.Enterprise!.Name, c.CapacityItem.Enterprise.CountyId, i.FinishedAt })
            .ToListAsync(cancellationToken);
        var subjects = exited.Select(e => $"recheck:{e.Id}").ToList();
        var open = await db.ProgrammeTasks.AsNoTracking().Where(t => subjects.Contains(t.Subject)).Select(t => t.Subject).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var e in exited.Where(e => !open.Contains($"recheck:{e.Id}")))
        {
            var accepted = ChinaTime.DayOf(e.FinishedAt!.Value);
            if (RecheckRule.OpensOn(programme, accepted) > today)
            {
                continue;
            }

            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var task = await OpenTaskAsync(db, new ProgrammeTask
            {
                Kind = ProgrammeTaskKinds.Recheck, Subject = $"recheck:{e.Id}", CityId = city.City.Id, RegionId = e.CountyId, BureauId = e.ResponsibleBureauId,
                EnterpriseId = e.EnterpriseId, CapacityItemId = e.CapacityItemId, CaseId = e.Id,
                Title = $"回头看：复查{e.EnterpriseName} {e.Description}（案件{e.Id}）",
                Detail = $"该产能于{ProgrammeMail.Zh(accepted)}验收退出。请现场复查：生产线仍处于封存或已拆除，没有恢复生产，也没有转移到其他地方（{programme.Source}：确保落后产能没有恢复和不能恢复）。复查未通过的，将对该企业立案，并与原案件关联。",
                OpenedOn = today, DueOn = Later(RecheckRule.DueOn(programme, accepted, directory.Calendar), directory.Calendar.AddWorkingDays(today, 1)),
                Source = programme.Source,
            }, cancellationToken);
            if (task is not null)
            {
                await tx.CommitAsync(cancellationToken);
                done++;
            }
        }

        db.ChangeTracker.Clear();
        return done;
    }

    /// <summary>Adds the task and the bureau's mail; null (nothing written) when the subject has its task already.</summary>
    internal async Task<ProgrammeTask?> OpenTaskAsync(CapacityExitDbContext db, ProgrammeTask task, CancellationToken cancellationToken)
    {
        var created = await OpenTaskAsync(db, task, time.GetUtcNow().ToUniversalTime(), cancellationToken);
        if (created is not null)
        {
            logger.LogInformation("Programme task {Id} ({Kind}) opened: {Title}", created.Id, created.Kind, created.Title);
        }

        return created;
    }

    internal static async Task<ProgrammeTask?> OpenTaskAsync(CapacityExitDbContext db, ProgrammeTask task, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ProgrammeTasks.Add(task);
        if (!await SavedOnceAsync(db, cancellationToken))
        {
            return null;
        }

        ProgrammeMail.Add(db, $"task-{task.Id}", WorkflowRoleIds.BureauOfficer, task.RegionId, task.BureauId, now, new Dictionary<string, string>
        {
            ["duty"] = "task", ["title"] = task.Title, ["detail"] = task.Detail, ["last_day"] = ProgrammeMail.Zh(task.DueOn),
            ["last_day_iso"] = ProgrammeMail.Iso(task.DueOn), ["source"] = task.Source, ["task_id"] = task.Id.ToString(CultureInfo.InvariantCulture),
        });
        await db.SaveChangesAsync(cancellationToken);
        return task;
    }

    /// <summary>A re-check whose day passed before the host ran (installed later, down) still gets a working day.</summary>
    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    public static string Subject(ProgrammeTask task) => $"programme-task:{task.Id}";

    /// <summary>Saves; false (and forgets the changes) when a unique key says another host did it a moment ago.</summary>
    private static async Task<bool> SavedOnceAsync(CapacityExitDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
