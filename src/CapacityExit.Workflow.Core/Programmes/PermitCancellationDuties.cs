using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Programmes;

/// <summary>A case's production-permit duty as its page and `case show` state it.</summary>
public sealed record PermitDutyLine(long TaskId, string Bureau, DateOnly OpenedOn, DateOnly DueOn, bool Done, string? Outcome, string? ReportedBy,
    DateOnly? ReportedOn, string? AuthorityReference, string? Note);

/// <summary>
/// 对因工艺装备落后、环保和能耗不达标被依法关停的企业，报请省工业产品生产许可证主管部门注销生产许可证（各级质监部门负责）
/// (001 §四.(七); 002 严格执法监管; 003 §二.(三).1). A case that enters a state whose definition lists the duty
/// <c>permit-cancellation</c> (the closures of the energy, environment and technology definitions) opens a task for the
/// city's market-regulation bureau, beside the case and outliving it: report the enterprise to the provincial permit
/// authority and record who reported, when, and the authority's reference (or that the enterprise holds no permit).
/// The task is a programme task (reminded and escalated like the others) and is opened in the transition's own
/// transaction (<see cref="ITransitionFollowUp"/>); <see cref="CatchUpAsync"/> opens it for cases that closed before the
/// rule was in the definitions (or whose transition could not open it), with a history line on the case saying why.
/// Safety's licence revocation (001 §三.(三).4) and the quality definition's own permit step are their own rules.
/// </summary>
public sealed class PermitCancellationDuties(IServiceScopeFactory scopes, WorkflowRuntime runtime, TimeProvider time, ILogger<PermitCancellationDuties> logger)
    : ITransitionFollowUp
{
    public const string Actor = "system:permits";
    public const string Source = "001 §四.(七)";

    public static string Subject(long caseId) => $"permit:{caseId}";

    public async Task AfterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CaseMoved> moved, CancellationToken cancellationToken)
    {
        var entered = moved.Where(m => HasDuty(m.After.DefinitionId, m.After.Version, m.After.State)
            && (m.Before is not { } before || before.State != m.After.State || before.Version != m.After.Version)).ToList();
        if (entered.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        var directory = scope.ServiceProvider.GetRequiredService<ProgrammeDirectory>();
        foreach (var m in entered)
        {
            const string savepoint = "permit_duty";
            await transaction.SaveAsync(savepoint, cancellationToken);
            try
            {
                var step = runtime.Catalog.Get(m.After.DefinitionId, m.After.Version).States[m.After.State];
                await OpenAsync(db, directory, m.CaseId, $"案件进入“{step.Title}”，依法关停 / the case entered '{m.After.State}', a closure", catchUp: false, cancellationToken);
                await transaction.ReleaseAsync(savepoint, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The transition commits all the same; the catch-up opens the duty later.
                await transaction.RollbackAsync(savepoint, cancellationToken);
                db.ChangeTracker.Clear();
                logger.LogWarning("Permit duty for case {CaseId} not opened with its transition: {Reason}", m.CaseId, e.Message);
            }
        }
    }

    /// <summary>
    /// Opens the duty for every case that has been in a state listing it (by the latest version of its definition: the
    /// rule as it stands now) and has none: cases closed or exited under v1, whose definition did not have the duty yet.
    /// Run at start-up and by the daily programme job; returns how many were opened.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var statesByDefinition = runtime.Catalog.DefinitionIds
            .Select(id => runtime.Catalog.Latest(id))
            .Select(d => (d.Id, States: d.States.Values.Where(s => s.Duties.Contains(StateDuties.PermitCancellation)).Select(s => s.Name).ToList()))
            .Where(d => d.States.Count > 0).ToList();
        var opened = 0;
        foreach (var (definitionId, states) in statesByDefinition)
        {
            List<long> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
                var subjects = db.ProgrammeTasks.Where(t => t.Kind == ProgrammeTaskKinds.PermitCancellation).Select(t => t.CaseId);
                due = await (
                    from i in db.WorkflowInstances.AsNoTracking()
                    join c in db.Cases on i.CaseId equals c.Id
                    where i.DefinitionId == definitionId && c.Status != CaseStatus.Withdrawn
                          && (states.Contains(i.State) || db.CaseHistory.Any(h => h.CaseId == i.CaseId && states.Contains(h.ToState)))
                          && !subjects.Contains(i.CaseId)
                    orderby i.CaseId
                    select i.CaseId).ToListAsync(cancellationToken);
            }

            foreach (var caseId in due)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                try
                {
                    if (await OpenAsync(db, scope.ServiceProvider.GetRequiredService<ProgrammeDirectory>(), caseId,
                            "该案件在注销生产许可证的规定写入流程前已依法关停，依据该规定补开 / the case was closed before the rule was in its workflow; opened under the rule",
                            catchUp: true, cancellationToken))
                    {
                        await tx.CommitAsync(cancellationToken);
                        opened++;
                    }
                }
                catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                {
                    // Another host opened it a moment ago.
                }
                catch (InvalidOperationException e)
                {
                    logger.LogWarning("Permit duty for case {CaseId} not opened: {Reason}", caseId, e.Message);
                }
            }
        }

        return opened;
    }

    /// <summary>The duty of a case and its record, for its page; null where it has none.</summary>
    public static async Task<PermitDutyLine?> ForCaseAsync(CapacityExitDbContext db, long caseId, CancellationToken cancellationToken)
    {
        var row = await (
            from x in db.ProgrammeTasks.AsNoTracking()
            join b in db.Bureaus on x.BureauId equals b.Id
            where x.CaseId == caseId && x.Kind == ProgrammeTaskKinds.PermitCancellation
            select new { Task = x, b.NameZh }).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var t = row.Task;
        var by = t.ClosedBy is null ? null : await db.People.AsNoTracking().Where(p => p.Login == t.ClosedBy).Select(p => p.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return new PermitDutyLine(t.Id, row.NameZh, t.OpenedOn, t.DueOn, t.Status == ProgrammeTaskStatus.Done, t.Outcome, by ?? (t.ClosedBy is null ? null : "—"),
            t.ReportedOn, t.AuthorityReference, t.Note);
    }

    private bool HasDuty(string definitionId, int version, string state) =>
        runtime.Catalog.TryGet(definitionId, version, out var d) && d.States.TryGetValue(state, out var s) && s.Duties.Contains(StateDuties.PermitCancellation);

    /// <summary>Opens the task (and the bureau's mail) and writes the case's history line; false when it exists already.</summary>
    private async Task<bool> OpenAsync(CapacityExitDbContext db, ProgrammeDirectory directory, long caseId, string why, bool catchUp, CancellationToken cancellationToken)
    {
        if (await db.ProgrammeTasks.AnyAsync(t => t.Subject == Subject(caseId), cancellationToken))
        {
            return false;
        }

        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new { x.Id, x.Standard, x.CapacityItemId, x.CapacityItem!.Description, x.CapacityItem.EnterpriseId, Enterprise = x.CapacityItem.Enterprise!.Name, x.CapacityItem.Enterprise.CountyId })
            .SingleAsync(cancellationToken);
        var instance = await db.WorkflowInstances.AsNoTracking().Where(i => i.CaseId == caseId).Select(i => new { i.State, i.Version }).SingleAsync(cancellationToken);
        var cityId = await directory.CityOfCountyAsync(c.CountyId, cancellationToken);
        var city = await directory.CityAsync(cityId, cancellationToken)
            ?? throw new InvalidOperationException($"the city of case {caseId} has no profile");
        var bureau = await db.Bureaus.AsNoTracking().Where(b => b.JurisdictionId == cityId && b.Kind == BureauKind.MarketRegulation).OrderBy(b => b.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"{city.City.NameZh} has no market-regulation bureau to report the permit's cancellation");
        var today = ChinaTime.Today(time);
        // The office's own working period for the report (the profile's permit-cancellation, 20 working days).
        var period = city.Profile.Periods.TryGetValue("permit-cancellation", out var p) && !p.Text.StartsWith("var:", StringComparison.Ordinal) ? p.Text : "P20WD";
        var dueOn = new DeadlineCalculator(directory.Calendar).Compute(today, PeriodExpression.Parse(period)).LastDay;
        var task = await ProgrammeJob.OpenTaskAsync(db, new ProgrammeTask
        {
            Kind = ProgrammeTaskKinds.PermitCancellation, Subject = Subject(caseId), CityId = cityId, RegionId = c.CountyId, BureauId = bureau.Id,
            EnterpriseId = c.EnterpriseId, CapacityItemId = c.CapacityItemId, CaseId = caseId,
            Title = $"报请注销生产许可证：{c.Enterprise}（案件{caseId}）",
            Detail = $"{c.Enterprise}的{c.Description}因{c.Standard.Zh()}不达标被依法关停（案件{caseId}）。对因工艺装备落后、环保和能耗不达标被依法关停的企业，" +
                     $"报请省工业产品生产许可证主管部门注销生产许可证（{Source}；003 §二.(三).1）。请报请注销，并登记报请日期和主管部门的文号；企业未取得生产许可证的，登记核查情况。" +
                     (catchUp ? "（该企业在此项规定写入流程前已关停，现补开。）" : ""),
            OpenedOn = today, DueOn = dueOn, Source = Source,
        }, time.GetUtcNow().ToUniversalTime(), cancellationToken);
        if (task is null)
        {
            return false;
        }

        db.CaseHistory.Add(new CaseHistoryEntry
        {
            CaseId = caseId, At = time.GetUtcNow().ToUniversalTime(), Actor = Actor,
            What = $"已开立：报请注销生产许可证（{bureau.NameZh}） / opened: the report for the production permit's cancellation ({bureau.NameZh})",
            Why = $"{why}；{Source}：因工艺装备落后、环保和能耗不达标被依法关停的企业，报请注销生产许可证 / {Source}: an enterprise closed for technology, environment or energy has its production permit cancelled",
            FromState = instance.State, ToState = instance.State, DefinitionVersion = instance.Version,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Permit duty {TaskId} opened for case {CaseId}{CatchUp}", task.Id, caseId, catchUp ? " (catch-up)" : "");
        return true;
    }
}
