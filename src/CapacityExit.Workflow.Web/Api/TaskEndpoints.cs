using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>A task completed with one of its outcomes (<see cref="CaseAction.Command"/> of an action with this task), its fields and files.</summary>
public sealed record TaskCompletion(string? Outcome, Dictionary<string, string>? Data, List<ActionFile>? Files);

public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/tasks", ListAsync).InArea("Tasks", true).WithName("ListTasks").WithSummary("我的待办 · Your open tasks, soonest due first").WithProblems(400, 401);
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
