using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>A line of a case's timeline, worded from its definition.</summary>
public sealed record TimelineLine(DateTimeOffset At, string Actor, string What, string? Why, string? FromTitle, string ToTitle, TimeSpan? LateBy);

/// <summary>An open task as the case page lists it.</summary>
public sealed record OpenTaskLine(string Key, string Title, string AssigneeRole, DateTimeOffset DueAt);

/// <summary>A 通报 or 约谈 about the case.</summary>
public sealed record NoticeLine(long Id, string Kind, string DocumentNumber, DateOnly IssuedOn, string Title);

/// <summary>
/// What the case page shows beyond the case's facts and deadline: its timeline in words, open tasks, the notices
/// about it, its documents, and what the person may do now. Null when the person may not see the case.
/// </summary>
public sealed record CaseFile(
    long CaseId,
    string Enterprise,
    string CreditCode,
    string County,
    string Item,
    Industry Industry,
    decimal Amount,
    string Unit,
    Standard Standard,
    DateOnly FindingDate,
    string LegalBasis,
    string Bureau,
    CaseStatus Status,
    string DefinitionTitle,
    string State,
    string StateTitle,
    CaseStanding Standing,
    IReadOnlyList<OpenTaskLine> Tasks,
    IReadOnlyList<TimelineLine> Timeline,
    IReadOnlyList<NoticeLine> Notices,
    IReadOnlyList<CaseDocument> Documents,
    IReadOnlyList<AvailableAction> Actions)
{
    /// <summary>The production permit's cancellation report this case opened (001 §四.(七)), with its record; null where none.</summary>
    public Programmes.PermitDutyLine? PermitDuty { get; init; }
}

public sealed class CaseFileService(CapacityExitDbContext db, CaseReadAccess access, CaseWorkflowService workflows, WorkflowRuntime runtime)
{
    public async Task<CaseFile?> GetAsync(string? login, long caseId, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        if (!await access.CanSeeAsync(person, caseId, cancellationToken))
        {
            return null;
        }

        var row = await (
            from c in db.Cases.AsNoTracking()
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where c.Id == caseId
            select new
            {
                c.Id, Enterprise = c.CapacityItem!.Enterprise!.Name, c.CapacityItem.Enterprise.CreditCode, County = c.CapacityItem.Enterprise.County!.NameZh,
                c.CapacityItem.Description, c.CapacityItem.Enterprise.Industry, c.CapacityItem.Amount, c.CapacityItem.Unit, c.Standard, c.FindingDate,
                c.LegalBasis, Bureau = c.ResponsibleBureau!.NameZh, c.Status, i.DefinitionId, i.Version, i.State, i.Variables,
            }).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var definition = runtime.Catalog.Get(row.DefinitionId, row.Version);
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Variables) ?? [];
        var names = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Login, p => p.DisplayName, cancellationToken);
        var history = await db.CaseHistory.AsNoTracking().Where(h => h.CaseId == caseId).OrderBy(h => h.Id).ToListAsync(cancellationToken);
        var tasks = await db.WorkflowTasks.AsNoTracking().Where(t => t.CaseId == caseId && t.Status == WorkTaskStatus.Open).OrderBy(t => t.DueAt).ToListAsync(cancellationToken);
        var notices = await db.Set<IssuedNotice>().AsNoTracking().Where(n => n.CaseId == caseId).OrderBy(n => n.Id)
            .Select(n => new NoticeLine(n.Id, n.Kind, n.DocumentNumber, n.IssuedOn, n.Title)).ToListAsync(cancellationToken);
        var documents = await db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var actions = await workflows.ActionsAsync(caseId, login, cancellationToken);
        return new CaseFile(
            row.Id, row.Enterprise, row.CreditCode, row.County, row.Description, row.Industry, row.Amount, row.Unit, row.Standard, row.FindingDate,
            row.LegalBasis, row.Bureau, row.Status, definition.Title, row.State, TitleOf(definition, row.State),
            CaseStanding.Of(definition, row.State, variables),
            tasks.Select(t => new OpenTaskLine(t.Key, TaskTitle(definition, t.OwnerState, t.Kind), t.AssigneeRole, t.DueAt)).ToList(),
            history.Select(h => new TimelineLine(h.At, WorkflowEngine.IsSystemActor(h.Actor) ? "系统" : names.GetValueOrDefault(h.Actor, h.Actor),
                HistoryWording.Describe(definition, h.What, h.FromState), h.Why, h.FromState.Length == 0 ? null : TitleOf(definition, h.FromState),
                TitleOf(definition, h.ToState), h.LateBy)).ToList(),
            notices, documents, actions)
        {
            PermitDuty = await Programmes.PermitCancellationDuties.ForCaseAsync(db, caseId, cancellationToken),
        };
    }

    private static string TitleOf(WorkflowDefinition d, string state) => d.States.TryGetValue(state, out var s) ? s.Title : state;

    private static string TaskTitle(WorkflowDefinition d, string owner, string kind) =>
        d.States.GetValueOrDefault(owner)?.Tasks.FirstOrDefault(t => t.Name == kind)?.Title ?? kind;
}
