using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CapacityExit.Workflow.Core.Programmes;

/// <summary>
/// The coal mines' monthly production-days reports (000 §二 煤炭: each report is checked against the holiday calendar,
/// so a month not reported is a month not checked). For every mine of the city and every month whose report falls due
/// from 40 days ago on (a month due before the programme ran here is nobody's task): at the profile's working days
/// before the due day, a reminder to the bureau answering for coal and to the mine's contact (if the registry has a
/// mailbox); the due day passed with no report → the bureau's task, whose reminders and ladder (通报, 约谈) are every
/// programme task's. A report recorded late closes that task (ProgrammeService).
/// </summary>
public sealed partial class ProgrammeJob
{
    public static string CoalReportSubject(int mineId, int year, int month) => $"coal-report:{mineId}:{year}-{month:00}";

    private async Task<int> CoalReportDutiesAsync(IServiceProvider sp, ProgrammeDirectory directory, ProgrammeCity city, DateOnly today, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<CapacityExitDbContext>();
        var programme = city.Profile.Coal!;
        var days = directory.Calendar;
        var mines = await directory.CoalMinesAsync(city.City.Id, cancellationToken);
        var bureau = await directory.BureauForAsync(city.City.Id, ProgrammeTaskKinds.CoalBreach, cancellationToken);
        if (mines.Count == 0 || bureau is null)
        {
            return 0;
        }

        var done = 0;
        for (var back = 3; back >= 0; back--)
        {
            var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-back);
            if (!days.Covers(month.AddMonths(1).Year))
            {
                continue;
            }

            var due = CoalReportRule.DueOn(programme, month.Year, month.Month, days);
            if (due < today.AddDays(-40) || month.AddMonths(1) > today)
            {
                continue; // too long ago to be anybody's task, or the month has not ended
            }

            var ids = mines.Select(m => m.Id).ToList();
            var reported = await db.CoalProductionReports.AsNoTracking().Where(r => ids.Contains(r.EnterpriseId) && r.Year == month.Year && r.Month == month.Month)
                .Select(r => r.EnterpriseId).ToListAsync(cancellationToken);
            foreach (var mine in mines.Where(m => !reported.Contains(m.Id)))
            {
                var subject = CoalReportSubject(mine.Id, month.Year, month.Month);
                var label = $"{mine.Name}{month.Year}年{month.Month}月生产日";
                if (today > due)
                {
                    var task = await OpenTaskAsync(db, new ProgrammeTask
                    {
                        Kind = ProgrammeTaskKinds.CoalUnreported, Subject = subject, CityId = city.City.Id, RegionId = mine.CountyId, BureauId = bureau.Id,
                        EnterpriseId = mine.Id, Title = $"督促{label}报告（{ProgrammeMail.Zh(due)}前未报）",
                        Detail = $"{programme.Source}：煤矿按月报告生产日，核对全年作业时间不超过{programme.WorkingDaysPerYear}个工作日、法定节假日不安排生产。"
                                 + $"{mine.Name}{month.Year}年{month.Month}月的生产日应于{ProgrammeMail.Zh(due)}前报告，至今未报。请督促煤矿报告，并在落后产能退出工作平台登记。",
                        OpenedOn = today, DueOn = days.AddWorkingDays(today, TaskWorkingDays), Source = programme.Source,
                    }, cancellationToken);
                    done += task is null ? 0 : 1;
                    continue;
                }

                var taken = await db.EscalationSteps.AsNoTracking().Where(s => s.Subject == subject).Select(s => new TakenStep(s.Step, s.TakenOn)).ToListAsync(cancellationToken);
                var plan = EscalationPlan.Next(EscalationSubject.OverdueStep, due, today, programme.ReportRemindWorkingDaysBefore, taken, settings.Escalation, days);
                if (plan is not { Rung: Rung.Reminder })
                {
                    continue;
                }

                var now = time.GetUtcNow().ToUniversalTime();
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                var step = new EscalationStepRecord { Subject = subject, Step = plan.Step, JurisdictionId = city.City.Id, TakenOn = today, TakenAt = now, Why = plan.ReasonZh };
                db.EscalationSteps.Add(step);
                if (!await SavedOnceAsync(db, cancellationToken))
                {
                    continue;
                }

                Dictionary<string, string> Data() => new()
                {
                    ["duty"] = "coal-report-reminder", ["title"] = $"报告{label}", ["mine"] = mine.Name,
                    ["month"] = $"{month.Year}年{month.Month}月", ["month_iso"] = $"{month.Year}-{month.Month:00}",
                    ["last_day"] = ProgrammeMail.Zh(due), ["last_day_iso"] = ProgrammeMail.Iso(due), ["working_days"] = programme.WorkingDaysPerYear.ToString(CultureInfo.InvariantCulture),
                    ["source"] = programme.Source, ["reason"] = plan.ReasonZh,
                };
                var first = ProgrammeMail.Add(db, $"{step.Id}", WorkflowRoleIds.BureauOfficer, mine.CountyId, bureau.Id, now, Data());
                if (!string.IsNullOrWhiteSpace(mine.ContactEmail))
                {
                    ProgrammeMail.Add(db, $"{step.Id}-e{mine.Id}", ProgrammeMail.Enterprise, mine.CountyId, bureau.Id, now, Data(), (mine.Name, mine.ContactEmail));
                }

                await db.SaveChangesAsync(cancellationToken);
                step.OutboxId = first.Id;
                await db.SaveChangesAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
                done++;
                logger.LogInformation("Coal report {Step} for {Mine} {Month}", plan.Step, mine.Name, month);
            }
        }

        return done;
    }
}
