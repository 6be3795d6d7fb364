using System.Globalization;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Obligations;

/// <summary>
/// 09:30 on working days: the one ladder. Every open duty with a legal last day — a case step, a 举报 to verify, a
/// programme task, a report a county or bureau owes, a region's annual exit target — is reminded before its day at its
/// profile's offsets and climbs reminder → 通报 → 约谈 after it (<see cref="EscalationPlan"/>, thresholds in
/// notices.yaml; 001 §五.(五), 002 §四.(四), 003 §三.(二)). Every rung taken is one row of escalation_steps (unique per
/// duty and step: a rerun, or another host, sends nothing twice), committed on its own with its mail or notice. What
/// a duty says in its reminder and notice is its kind's own (<see cref="Climb"/>); the ladder is the same for all.
/// </summary>
public sealed partial class ObligationLadderJob(
    IServiceScopeFactory scopes, HolidayCalendar calendar, NoticeSettings settings, WorkflowRuntime runtime, TimeProvider time, ILogger<ObligationLadderJob> logger)
    : ICalendarJob
{
    public const string JobId = "obligation-ladder";
    public const string Actor = "system:escalation";

    /// <summary>
    /// Reports and targets whose last day lies more than half a year back are listed by <c>report status</c> but not
    /// escalated anew: the ladder runs its course in about a month, and a newly installed office should not circulate
    /// old backlog.
    /// </summary>
    public const int WindowDays = 180;

    public string Id => JobId;

    public string Cron => "30 9 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

    public Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken) =>
        RunForDayAsync(nominalDay, cancellationToken);

    /// <summary>Climbs every kind of duty for <paramref name="today"/>, or only the kinds named.</summary>
    public async Task<string> RunForDayAsync(DateOnly today, CancellationToken cancellationToken, params ObligationKind[] only)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        // Last days may fall in a year the calendar does not cover yet: counted provisionally, as for cases.
        var days = calendar.WithProvisionalYears(2);
        bool Climbs(ObligationKind kind) => only.Length == 0 || only.Contains(kind);
        var climbs = new List<Climb>();
        // In the order the kinds were climbed when each had a job of its own (programme tasks at 09:20, case steps at 09:30,
        // the regions' duties at 09:40, 举报 at 09:45), so notices are numbered as before.
        if (Climbs(ObligationKind.ProgrammeTask))
        {
            climbs.AddRange(await ProgrammeTasksAsync(services, cancellationToken));
        }

        if (Climbs(ObligationKind.CaseTask))
        {
            climbs.AddRange(await CaseTasksAsync(services, cancellationToken));
        }

        if (Climbs(ObligationKind.Report))
        {
            climbs.AddRange(await ReportsAsync(services, today, cancellationToken));
        }

        if (Climbs(ObligationKind.AnnualTarget))
        {
            climbs.AddRange(await TargetsAsync(services, today, cancellationToken));
        }

        if (Climbs(ObligationKind.PublicReport))
        {
            climbs.AddRange(await PublicReportsAsync(services, days, cancellationToken));
        }

        var db = services.GetRequiredService<CapacityExitDbContext>();
        var subjects = climbs.Select(c => c.Subject).ToList();
        var taken = (await db.EscalationSteps.AsNoTracking().Where(s => subjects.Contains(s.Subject)).Select(s => new { s.Subject, s.Step, s.TakenOn })
            .ToListAsync(cancellationToken)).ToLookup(s => s.Subject, s => new TakenStep(s.Step, s.TakenOn));
        var done = 0;
        foreach (var climb in climbs)
        {
            var plan = EscalationPlan.Next(climb.Ladder, climb.LastDay, today, climb.RemindBefore, [.. taken[climb.Subject], .. climb.AlreadyTaken],
                settings.Escalation, days);
            if (plan is null || plan.Rung > climb.Highest)
            {
                continue;
            }

            done += await TakeAsync(services, climb, plan, today, days, cancellationToken) ? 1 : 0;
        }

        return $"{climbs.Count} open duty(ies) with a last day, {done} step(s) taken";
    }

    /// <summary>Takes one step on one duty with its mail or notice, once; false when another host took it a moment ago.</summary>
    private async Task<bool> TakeAsync(IServiceProvider services, Climb climb, PlannedStep plan, DateOnly today, HolidayCalendar days, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var now = time.GetUtcNow().ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var step = new EscalationStepRecord
        {
            Subject = climb.Subject, Step = plan.Step, JurisdictionId = climb.JurisdictionId, TakenOn = today, TakenAt = now, Why = Truncate(plan.ReasonZh, 500),
        };
        db.EscalationSteps.Add(step);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }

        if (plan.Rung == Rung.Reminder)
        {
            var mail = climb.Remind?.Invoke(new ReminderContext(db, step, plan, today, now, days));
            if (mail is not null)
            {
                await db.SaveChangesAsync(cancellationToken);
                step.OutboxId = mail.Id;
            }
        }
        else
        {
            var request = climb.Notice(plan);
            request = plan.Rung == Rung.CirculatedNotice ? request : request.AsSummons(today, days, climb.CityName);
            step.NoticeId = (await services.GetRequiredService<NoticeService>().IssueAsync(request, cancellationToken)).Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Ladder {Step} on {Subject}: {Why}", plan.Step, climb.Subject, plan.ReasonZh);
        return true;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>
    /// The reminder mail of a report or target owed by a county or bureau (report-reminder), as the regions' duties
    /// have always had it.
    /// </summary>
    private static OutboxMessage RegionReminder(ReminderContext at, Filer filer, DateOnly lastDay, Dictionary<string, string> data)
    {
        data["subject"] = at.Step.Subject;
        data["filer"] = filer.NameZh;
        data["region_id"] = filer.RegionId.ToString(CultureInfo.InvariantCulture);
        if (filer.BureauId is { } bureauId)
        {
            data["bureau_id"] = bureauId.ToString(CultureInfo.InvariantCulture);
        }

        data["last_day"] = MailModel.Zh(lastDay);
        data["last_day_iso"] = lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (lastDay < at.Today)
        {
            // Absent before the day: templates test {% if data.overdue_days %}.
            data["overdue_days"] = EscalationLadder.WorkingDaysBetween(lastDay, at.Today, at.Days).ToString(CultureInfo.InvariantCulture);
        }

        data["reason"] = at.Plan.ReasonZh;
        var mail = new OutboxMessage
        {
            CaseId = null, Kind = MessageKinds.ReportReminder, RecipientRole = filer.Role, TemplateId = MessageKinds.ReportReminder,
            Data = JsonSerializer.Serialize(data), MessageId = $"<escalation-{at.Step.Id}@capacity-exit.workflow>",
            Status = OutboxStatus.Pending, CreatedAt = at.Now, NextAttemptAt = at.Now,
        };
        at.Db.Outbox.Add(mail);
        return mail;
    }

    /// <summary>A region's 通报 (and, as a summons, 约谈), naming the county government or bureau.</summary>
    private static NoticeRequest RegionNotice(Filer filer, string reason, string actor) =>
        new(MessageKinds.CirculatedNotice, null, filer.RegionId, filer.LaggardZh, filer.Role, reason, actor, BureauId: filer.BureauId);
}

/// <summary>Where a reminder is written: the step just taken (its id keys the mail), today, the calendar.</summary>
internal sealed record ReminderContext(CapacityExitDbContext Db, EscalationStepRecord Step, PlannedStep Plan, DateOnly Today, DateTimeOffset Now, HolidayCalendar Days);

/// <summary>
/// One duty on the ladder: its subject in escalation_steps, which thresholds it climbs by, its legal last day, the
/// working days before it that are reminded, steps it has taken outside escalation_steps (a case step's reminder is
/// its workflow's own mail at the due time), the highest rung it may reach (a kiln stop: the reminder only, unless the
/// profile says why), and what its reminder and its notice say.
/// </summary>
internal sealed record Climb(
    string Subject,
    EscalationSubject Ladder,
    DateOnly LastDay,
    IReadOnlyList<int> RemindBefore,
    int JurisdictionId,
    string CityName,
    Func<ReminderContext, OutboxMessage?>? Remind,
    Func<PlannedStep, NoticeRequest> Notice)
{
    public IReadOnlyList<TakenStep> AlreadyTaken { get; init; } = [];

    public Rung Highest { get; init; } = Rung.InterviewSummons;
}
