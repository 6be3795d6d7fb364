using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>
/// Reads one case for people (the command line's <c>case show</c>, the web case page at /cases/{id}): titles as the
/// definition and profile name them instead of internal keys. Reads only; checks no access (the caller does).
/// </summary>
public sealed class CaseDetailsService(CapacityExitDbContext db, WorkflowRuntime runtime)
{
    public async Task<CaseDetails?> GetAsync(long caseId, CancellationToken cancellationToken)
    {
        var c = await db.Cases.AsNoTracking()
            .Include(x => x.CapacityItem!.Enterprise!.County)
            .Include(x => x.ResponsibleBureau)
            .SingleOrDefaultAsync(x => x.Id == caseId, cancellationToken);
        if (c is null)
        {
            return null;
        }

        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.CaseId == caseId, cancellationToken);
        var definition = instance is not null && runtime.Catalog.TryGet(instance.DefinitionId, instance.Version, out var d) ? d : null;
        var profile = instance is null ? null : runtime.Catalog.Profiles.FirstOrDefault(p => p.Id == instance.ProfileId);
        var variables = instance is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(instance.Variables) ?? [];
        var timers = await db.WorkflowTimers.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.DueAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        var tasks = await db.WorkflowTasks.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var history = await db.CaseHistory.AsNoTracking().Where(h => h.CaseId == caseId).OrderBy(h => h.Id).ToListAsync(cancellationToken);
        var logins = history.Select(h => h.Actor).Concat(tasks.Select(t => t.ClosedBy ?? "")).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => logins.Contains(p.Login)).ToDictionaryAsync(p => p.Login, p => p.DisplayName, cancellationToken);

        var state = definition is not null && instance is not null ? definition.States.GetValueOrDefault(instance.State) : null;
        var enterprise = c.CapacityItem!.Enterprise!;
        return new CaseDetails(
            c.Id,
            enterprise.Name,
            enterprise.CreditCode,
            enterprise.County?.NameZh ?? "",
            new CapacityFacts(c.CapacityItem.Description, enterprise.Industry.Zh(), c.CapacityItem.Amount, c.CapacityItem.Unit),
            c.Standard.Zh(),
            c.ResponsibleBureau?.NameZh ?? "",
            c.FindingDate,
            c.LegalBasis,
            c.Status.ToString(),
            instance?.DefinitionId,
            instance?.Version,
            instance?.ProfileId,
            instance?.State,
            state?.Title,
            null, // the definitions are written in Chinese only
            instance?.FinishedAt is not null,
            state is null ? null : Deadline(definition!, state, profile, c.FindingDate, variables, timers),
            definition is null ? variables.Select(v => new VariableLine(v.Key, v.Key, v.Value)).ToList() : CaseVariableTitles.Lines(definition, variables),
            definition is null || instance is null ? null : CaseStanding.Of(definition, instance.State, variables),
            timers.Select(t => new TimerLine(t.Key, t.Kind, TimerTitle(definition, t), t.DueAt, t.RecipientRole, RoleTitle(profile, t.RecipientRole),
                t.Status.ToString(), t.Status == TimerStatus.Pending)).ToList(),
            tasks.Select(t => new TaskLine(t.Key, t.Kind, TaskTitle(definition, t.OwnerState, t.Kind), t.AssigneeRole, RoleTitle(profile, t.AssigneeRole), t.DueAt,
                t.Status.ToString(), t.Outcome)).ToList(),
            history.Select(h => new HistoryLine(h.At, h.Actor, Display(people, h.Actor), h.FromState, StateTitle(definition, h.FromState), h.ToState,
                StateTitle(definition, h.ToState), h.What, h.Why)).ToList());
    }

    /// <summary>The pending deadline timer of the current step (or of the step it is within), explained.</summary>
    private CurrentDeadline? Deadline(WorkflowDefinition definition, StateDefinition state, JurisdictionProfile? profile, DateOnly findingDate,
        IReadOnlyDictionary<string, string> variables, IReadOnlyList<WorkflowTimer> timers)
    {
        var running = state.InForce.Select(definition.State)
            .SelectMany(s => s.Timers.Where(t => t.Due is not RecurringDue).Select(t => (Spec: t, Key: $"{s.Name}/{t.Name}")))
            .Select(x => (x.Spec, Row: timers.FirstOrDefault(r => r.Key == x.Key && r.Status == TimerStatus.Pending)))
            .FirstOrDefault(x => x.Row is not null);
        if (running.Row is not { } row)
        {
            return null;
        }

        var lastDay = ChinaTime.LastDayEndingAt(row.DueAt);
        var explained = CaseDeadlines.Explain(runtime, running.Spec, findingDate, profile, variables, lastDay);
        return explained is null
            ? new CurrentDeadline(running.Spec.Title, lastDay, row.DueAt, [ProvisionalDates.Zh([lastDay.Year])], [ProvisionalDates.En([lastDay.Year])], true)
            : new CurrentDeadline(running.Spec.Title, lastDay, row.DueAt, Lines(explained.Explain("zh")), Lines(explained.Explain("en")), explained.Provisional);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string StateTitle(WorkflowDefinition? d, string state) =>
        state.Length == 0 ? "" : d?.States.GetValueOrDefault(state)?.Title ?? state;

    private static string TimerTitle(WorkflowDefinition? d, WorkflowTimer t)
    {
        if (d is null)
        {
            return t.Kind;
        }

        var owner = d.States.GetValueOrDefault(t.OwnerState);
        return t.Kind switch
        {
            "reminder" => $"{owner?.Timers.FirstOrDefault(x => t.Key.StartsWith($"{t.OwnerState}/{x.Name}/", StringComparison.Ordinal))?.Title ?? "期限"}提醒",
            "task-escalation" => $"{TaskTitle(d, t.OwnerState, t.Payload?.Split('/').LastOrDefault() ?? "")}逾期督办",
            _ => (owner?.Timers ?? d.CaseTimers).FirstOrDefault(x => x.Name == t.Kind)?.Title
                ?? d.CaseTimers.FirstOrDefault(x => x.Name == t.Kind)?.Title ?? t.Kind,
        };
    }

    private static string TaskTitle(WorkflowDefinition? d, string owner, string kind) =>
        d?.States.GetValueOrDefault(owner)?.Tasks.FirstOrDefault(x => x.Name == kind)?.Title ?? kind;

    private static string RoleTitle(JurisdictionProfile? profile, string role) => profile?.RoleTitles.GetValueOrDefault(role) ?? role;

    private static string Display(Dictionary<string, string> people, string actor) =>
        WorkflowEngine.IsSystemActor(actor) ? "系统" : people.TryGetValue(actor, out var name) ? name : actor;
}
