using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
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
/// 09:30 on working days: walks every overdue case step (an open task past its last day) up the escalation ladder.
/// The reminder rung is the engine's own escalation at the due time; from there the ladder decides when the
/// leading-group office circulates a 通报 naming the responsible bureau, and when it summons it to a 约谈
/// (001 §五.(五), 002 §四.(四), 003 §三.(二)). What a case has reached is read from the notices already issued
/// for it, so running twice issues nothing twice; each notice commits on its own with its number, document,
/// history line and mail.
/// </summary>
public sealed class EscalationJob(
    IServiceScopeFactory scopes, HolidayCalendar calendar, NoticeSettings settings, Workflows.WorkflowRuntime runtime, TimeProvider time, ILogger<EscalationJob> logger)
    : ICalendarJob
{
    public const string JobId = "escalation-ladder";
    public const string Actor = "system:escalation";

    public string Id => JobId;

    public string Cron => "30 9 * * *";

    public CalendarJobSchedule Schedule { get; } = CalendarJobSchedule.Daily(NonWorkingDayPolicy.Skip);

    public async Task<string> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly nominalDay, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        var now = time.GetUtcNow().ToUniversalTime();
        var overdue = await (
            from t in db.WorkflowTasks
            join c in db.Cases on t.CaseId equals c.Id
            join b in db.Bureaus on c.ResponsibleBureauId equals b.Id
            join j in db.Jurisdictions on b.JurisdictionId equals j.Id
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where t.Status == WorkTaskStatus.Open && t.DueAt < now
            orderby t.DueAt
            select new { t.CaseId, t.Key, t.Kind, t.OwnerState, t.DueAt, t.CreatedAt, Bureau = b.NameZh, City = j.NameZh, i.DefinitionId, i.Version })
            .ToListAsync(cancellationToken);
        var issued = 0;
        foreach (var step in overdue.DistinctBy(s => s.CaseId))
        {
            // Only the ladder's own notices count: a price notice issued on the case is no 通报.
            var notices = await db.Set<IssuedNotice>().Where(n => n.CaseId == step.CaseId && n.IssuedAt >= step.CreatedAt && LadderKinds.Contains(n.Kind))
                .Select(n => new { n.Kind, n.IssuedOn }).ToListAsync(cancellationToken);
            var top = notices.OrderByDescending(n => Rank(n.Kind)).FirstOrDefault();
            var lastDay = ChinaTime.LastDayEndingAt(step.DueAt);
            var reached = Reached(notices.Select(n => n.Kind));
            var decision = EscalationLadder.Decide(EscalationSubject.OverdueStep, lastDay, nominalDay, reached,
                top?.IssuedOn ?? lastDay.AddDays(1), settings.Escalation, calendar);
            if (decision.Next is not (Rung.CirculatedNotice or Rung.InterviewSummons))
            {
                continue;
            }

            // The reason is the title's phrase ("关于…未按期完成“整改期满复查”的通报"); the ladder's arithmetic goes to the log.
            var taskTitle = runtime.Catalog.TryGet(step.DefinitionId, step.Version, out var definition) && definition.States.TryGetValue(step.OwnerState, out var owner)
                ? owner.Tasks.FirstOrDefault(t => t.Name == step.Kind)?.Title ?? step.Kind
                : step.Kind;
            var reason = $"未按期完成“{taskTitle}”";
            var notice = new NoticeRequest(MessageKinds.CirculatedNotice, step.CaseId, null, step.Bureau, "bureau-officer", reason, Actor);
            var request = decision.Next == Rung.CirculatedNotice ? notice : notice.AsSummons(nominalDay, calendar, step.City);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<NoticeService>().IssueAsync(request, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            issued++;
            logger.LogInformation("Escalation {Rung} for case {Case}: {Reason}; {Decision}", decision.Next, step.CaseId, reason, decision.ReasonZh);
        }

        return $"{overdue.Count} overdue step(s), {issued} notice(s) issued";
    }

    private static int Rank(string kind) => kind == MessageKinds.InterviewSummons ? 2 : 1;

    private static readonly string[] LadderKinds = [MessageKinds.CirculatedNotice, MessageKinds.InterviewSummons];

    /// <summary>
    /// The rung an overdue case task has reached, from the kinds of notice issued on its case since the task opened: the
    /// task-escalation timer's reminder at least, then 通报, then 约谈. Other notices on the case (price notices) climb nothing.
    /// </summary>
    public static Rung Reached(IEnumerable<string> noticeKinds)
    {
        var kinds = noticeKinds.ToList();
        return kinds.Contains(MessageKinds.InterviewSummons) ? Rung.InterviewSummons
            : kinds.Contains(MessageKinds.CirculatedNotice) ? Rung.CirculatedNotice
            : Rung.Reminder;
    }
}
