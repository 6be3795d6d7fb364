using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Obligations;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Obligations;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>A task completed with one of its outcomes (<see cref="CaseAction.Command"/> of an action with this task), its fields and files.</summary>
public sealed record TaskCompletion(string? Outcome, Dictionary<string, string>? Data, List<ActionFile>? Files);

/// <summary>
/// One open duty of the ledger: its kind (<c>case-task</c>, <c>public-report</c>, <c>programme-task</c>, <c>report</c>,
/// <c>annual-target</c>) and its name, what is owed and what about, the county, the legal last day, the days left (negative
/// once passed), the rung reached (<c>none</c>, <c>reminder</c>, <c>circulated-notice</c>, <c>interview-summons</c>) and its
/// name, the page that discharges it, and the seed clause.
/// </summary>
public sealed record ObligationView(string Kind, string KindTitle, string Title, string About, string? County, DateOnly LastDay, int DaysLeft,
    string Rung, string RungTitle, string Link, string? Source)
{
    public static IReadOnlyDictionary<string, ObligationKind> Kinds { get; } = new Dictionary<string, ObligationKind>(StringComparer.Ordinal)
    {
        ["case-task"] = ObligationKind.CaseTask, ["public-report"] = ObligationKind.PublicReport, ["programme-task"] = ObligationKind.ProgrammeTask,
        ["report"] = ObligationKind.Report, ["annual-target"] = ObligationKind.AnnualTarget,
    };

    public static ObligationView Of(Obligation o, DateOnly today) => new(
        Kinds.Single(k => k.Value == o.Kind).Key, Obligation.KindTitle(o.Kind).Zh, o.Title, o.About, o.County, o.LastDay, o.DaysLeft(today),
        o.Reached == Domain.Escalation.Rung.None ? "none" : EscalationPlan.StepOf(o.Reached),
        Obligation.RungTitle(o.Reached).Zh, o.Link, o.Source);
}

public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/tasks", ListAsync).InArea("Tasks", true).WithName("ListTasks").WithSummary("案件待办 · Your open case tasks, soonest due first").WithProblems(400, 401);
        api.MapGet("/obligations", ObligationsAsync).InArea("Tasks", true).WithName("ListObligations")
            .WithSummary("我的待办 · Every open duty you owe (case steps, 举报, programme tasks, reports, targets), soonest last day first").WithProblems(400, 401);
        api.MapPost("/tasks/{id:long}/complete", CompleteAsync).InArea("Tasks", true).WithName("CompleteTask")
            .WithSummary("办结任务 · Complete a task with one of its outcomes")
            .Accepts<TaskCompletion>("application/json").WithMetadata(new RequestSizeLimitAttribute(CaseEndpoints.MaxCommandBytes))
            .WithProblems(400, 401, 403, 404, 409, 413, 415);
    }

    private static async Task<Ok<IReadOnlyList<TaskView>>> ListAsync([FromQuery(Name = "overdue")] string? overdue, HttpContext http,
        CaseWorkflowService cases, TimeProvider time, CancellationToken cancellationToken)
    {
        var onlyOverdue = ApiQuery.Flag("overdue", overdue);
        var now = time.GetUtcNow();
        var all = await cases.OpenTasksAsync(http.User.Identity?.Name, null, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TaskView>>(onlyOverdue ? all.Where(t => t.DueAt < now).ToList() : all);
    }

    /// <summary>The ledger 我的待办 shows, with its filters: <c>kind</c>, <c>overdue</c>, <c>within</c> (7, 30 or 90 days).</summary>
    private static async Task<Ok<IReadOnlyList<ObligationView>>> ObligationsAsync([FromQuery(Name = "kind")] string? kind, [FromQuery(Name = "overdue")] string? overdue,
        [FromQuery(Name = "within")] string? within, HttpContext http, ObligationLedger ledger, TimeProvider time, CancellationToken cancellationToken)
    {
        var onlyOverdue = ApiQuery.Flag("overdue", overdue);
        ObligationKind? only = string.IsNullOrWhiteSpace(kind) ? null
            : ObligationView.Kinds.TryGetValue(kind, out var k) ? k
            : throw DomainValidationException.Single("kind", $"“{ApiQuery.Cut(kind)}”不是待办类别（{string.Join("、", ObligationView.Kinds.Keys)}）",
                $"'{ApiQuery.Cut(kind)}' is not a kind of duty ({string.Join(", ", ObligationView.Kinds.Keys)})");
        int? days = string.IsNullOrWhiteSpace(within) ? null
            : int.TryParse(within, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && Obligation.DueWindows.Contains(d) ? d
            : throw DomainValidationException.Single("within", $"期限范围只能是{string.Join("、", Obligation.DueWindows)}天", $"the due window is one of {string.Join(", ", Obligation.DueWindows)} days");
        var today = ChinaTime.Today(time);
        var all = await ledger.OpenForAsync(http.User.Identity!.Name!, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ObligationView>>(all.Where(o => o.Matches(today, onlyOverdue, only, days)).Select(o => ObligationView.Of(o, today)).ToList());
    }

    private static async Task<Ok<CaseView>> CompleteAsync(long id, HttpRequest request, CapacityExitDbContext db, CaseReadAccess access,
        CaseActions actions, CaseViews views, CaseWorkflowService workflows, CancellationToken cancellationToken)
    {
        var login = request.HttpContext.User.Identity?.Name;
        var task = await db.WorkflowTasks.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.CaseId, t.Key, t.Status }).SingleOrDefaultAsync(cancellationToken);
        if (task is null || !await access.CanSeeAsync(await access.PersonAsync(login, cancellationToken), task.CaseId, cancellationToken))
        {
            throw ApiProblems.Missing("任务", "task");
        }

        // As the action form: an open task that is not the person's to complete is refused for their role, whatever
        // outcome they name (a closed one is the engine's to refuse, as no longer open).
        if (task.Status == Core.Data.Model.WorkTaskStatus.Open
            && !(await workflows.ActionsAsync(task.CaseId, login, cancellationToken)).Any(a => a.TaskKey == task.Key))
        {
            throw ApiProblems.Refused();
        }

        var body = await ApiBody.ReadAsync<TaskCompletion>(request, cancellationToken);
        var data = new Dictionary<string, string>(body.Data ?? []) { ["task"] = task.Key, ["outcome"] = body.Outcome ?? "" };
        await actions.IssueAsync(task.CaseId, login, "complete-task", data, body.Files, why => Hosting.RequestLimits.AuditAsync(request.HttpContext, why), cancellationToken);
        return TypedResults.Ok((await views.GetAsync(login, task.CaseId, cancellationToken))!);
    }
}
