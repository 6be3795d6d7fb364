using System.Globalization;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Scheduling;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>
/// 09:40 on working days: the regions' own duties. Every report a county or bureau owes the leading-group office
/// (the profile's report calendar, 000 §四.1, 003 §四) and is not recorded as received: reminders before its last
/// day at the profile's offsets, then reminder → 通报 → 约谈 (EscalationPlan). Every annual exit target a region
/// missed (001 §五.(五); 002 §二.(一)): 通报, then 约谈, until the exited capacity reaches it. Each step is kept in
/// escalation_steps (the region's history; unique per subject and step, so a rerun sends nothing twice) and
/// commits on its own with its mail or notice.
/// </summary>
public sealed class RegionEscalationJob(
    IServiceScopeFactory scopes, HolidayCalendar calendar, NoticeSettings settings, TimeProvider time, ILogger<RegionEscalationJob> logger)
    : ICalendarJob
{
    public const string JobId = "region-escalation";
    public const string Actor = "system:escalation";

    /// <summary>
    /// Subjects whose last day lies more than half a year back are listed by <c>report status</c> but not escalated
    /// anew: the ladder runs its course in about a month, and a newly installed office should not circulate old backlog.
    /// </summary>
    public const int WindowDays = 180;

    public string Id => JobId;

    public string Cron => "40 9 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

    public Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken) =>
        RunForDayAsync(nominalDay, cancellationToken);

    public async Task<string> RunForDayAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var years = new[] { today.Year - 1, today.Year };
        // Last days may fall in a year the calendar does not cover yet: counted provisionally, as for cases.
        var days = calendar.WithProvisionalYears(2);
        // Steps on subjects still in the window: reminders go out at most ~30 working days before a last day.
        var since = today.AddDays(-WindowDays - 60);
        var taken = (await db.EscalationSteps.AsNoTracking().Where(s => s.TakenOn >= since).Select(s => new { s.Subject, s.Step, s.TakenOn }).ToListAsync(cancellationToken))
            .ToLookup(s => s.Subject, s => new TakenStep(s.Step, s.TakenOn));
        var directory = services.GetRequiredService<RecipientDirectory>();
        var late = 0;
        var done = 0;

        var obligations = services.GetRequiredService<ReportObligations>();
        foreach (var city in await obligations.CitiesAsync(cancellationToken))
        {
            foreach (var year in years)
            {
                foreach (var o in await obligations.ForCityAsync(city, year, cancellationToken))
                {
                    if (o.Submission is not null || o.Deadline.LastDay < today.AddDays(-WindowDays))
                    {
                        continue;
                    }

                    var plan = EscalationPlan.Next(EscalationSubject.LateReport, o.Deadline.LastDay, today, o.Profile.ReminderWorkingDaysBefore,
                        [.. taken[o.Subject]], settings.Escalation, days);
                    if (plan is null)
                    {
                        continue;
                    }

                    late += o.Deadline.LastDay < today ? 1 : 0;
                    done += await TakeAsync(services, plan, o.Subject, o.Filer, city.NameZh, o.Deadline.LastDay, today,
                        $"未按期报送{o.Year}年“{o.Report.Title}”",
                        new Dictionary<string, string>
                        {
                            ["report"] = o.Report.Title, ["report_name"] = o.Report.Name, ["year"] = o.Year.ToString(CultureInfo.InvariantCulture),
                            ["source"] = o.Report.Source, ["to"] = directory.Title(o.Profile.Id, o.Report.To),
                            ["explanation"] = o.Deadline.ExplainZh(),
                        }, days, cancellationToken) ? 1 : 0;
                }
            }
        }

        foreach (var p in await services.GetRequiredService<AnnualTargets>().ProgressAsync(years, null, cancellationToken))
        {
            if (p.MetToDate || p.Target.DueOn < today.AddDays(-WindowDays))
            {
                continue;
            }

            var plan = EscalationPlan.Next(EscalationSubject.MissedAnnualTarget, p.Target.DueOn, today, [], [.. taken[p.Subject]], settings.Escalation, days);
            if (plan is null)
            {
                continue;
            }

            late++;
            var region = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == p.Target.JurisdictionId, cancellationToken);
            var city = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == p.CityId, cancellationToken);
            var filer = Filer.Region(region);
            var amount = (decimal v) => v.ToString("0.###", CultureInfo.InvariantCulture) + p.Target.Unit;
            done += await TakeAsync(services, plan, p.Subject, filer, city.NameZh, p.Target.DueOn, today,
                $"未完成{p.Target.Year}年度落后产能退出目标任务（{p.Target.Description}{amount(p.Target.Amount)}，至{p.Target.DueOn.Month}月{p.Target.DueOn.Day}日退出{amount(p.ExitedByDue)}）",
                [], days, cancellationToken) ? 1 : 0;
        }

        return $"{late} late report(s) or missed target(s), {done} step(s) taken";
    }

    /// <summary>Takes one step on one subject with its mail or notice, once (also for public reports: PublicReportEscalationJob).</summary>
    internal async Task<bool> TakeAsync(IServiceProvider services, PlannedStep plan, string subject, Filer filer, string cityName, DateOnly lastDay, DateOnly today,
        string reason, Dictionary<string, string> data, HolidayCalendar days, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var now = time.GetUtcNow().ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var step = new EscalationStepRecord
        {
            Subject = subject, Step = plan.Step, JurisdictionId = filer.RegionId, TakenOn = today, TakenAt = now, Why = Truncate(plan.ReasonZh, 500),
        };
        db.EscalationSteps.Add(step);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false; // another host took this step a moment ago
        }

        if (plan.Rung == Rung.Reminder)
        {
            data["subject"] = subject;
            data["filer"] = filer.NameZh;
            data["region_id"] = filer.RegionId.ToString(CultureInfo.InvariantCulture);
            if (filer.BureauId is { } bureauId)
            {
                data["bureau_id"] = bureauId.ToString(CultureInfo.InvariantCulture);
            }

            data["last_day"] = MailModel.Zh(lastDay);
            data["last_day_iso"] = lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (lastDay < today)
            {
                // Absent before the day: templates test {% if data.overdue_days %}.
                data["overdue_days"] = EscalationLadder.WorkingDaysBetween(lastDay, today, days).ToString(CultureInfo.InvariantCulture);
            }

            data["reason"] = plan.ReasonZh;
            var mail = new OutboxMessage
            {
                CaseId = null, Kind = MessageKinds.ReportReminder, RecipientRole = filer.Role, TemplateId = MessageKinds.ReportReminder,
                Data = JsonSerializer.Serialize(data), MessageId = $"<escalation-{step.Id}@capacity-exit.workflow>",
                Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
            };
            db.Outbox.Add(mail);
            await db.SaveChangesAsync(cancellationToken);
            step.OutboxId = mail.Id;
        }
        else
        {
            var notice = new NoticeRequest(MessageKinds.CirculatedNotice, null, filer.RegionId, filer.LaggardZh, filer.Role, reason, Actor, BureauId: filer.BureauId);
            var request = plan.Rung == Rung.CirculatedNotice ? notice : notice.AsSummons(today, days, cityName);
            step.NoticeId = (await services.GetRequiredService<NoticeService>().IssueAsync(request, cancellationToken)).Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Region escalation {Step} on {Subject} ({Filer}): {Why}", plan.Step, subject, filer.NameZh, plan.ReasonZh);
        return true;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
