using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using CapacityExit.Workflow.Web.Pages.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>The case list's query: every value text, checked by <see cref="CaseFilterReader"/> as the list page checks it.</summary>
public sealed record CaseListQuery(
    [property: FromQuery(Name = "standard")] string? Standard, [property: FromQuery(Name = "state")] string? State,
    [property: FromQuery(Name = "industry")] string? Industry, [property: FromQuery(Name = "county")] string? County,
    [property: FromQuery(Name = "bureau")] string? Bureau, [property: FromQuery(Name = "card")] string? Card,
    [property: FromQuery(Name = "dueWithin")] string? DueWithin, [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "q")] string? Q, [property: FromQuery(Name = "sort")] string? Sort,
    [property: FromQuery(Name = "desc")] string? Desc, [property: FromQuery(Name = "page")] string? Page);

public sealed record CaseListItem(long Id, string Enterprise, string CreditCode, string County, string Item, Industry Industry, decimal Amount,
    string Unit, Standard Standard, CaseStatus Status, string State, string StateTitle, Card Card, string Bureau, DateOnly FindingDate,
    DateTimeOffset? NextDeadline);

public sealed record CasePage(int Total, int Page, int PageSize, int Pages, IReadOnlyList<CaseListItem> Rows);

/// <summary>A task of the case; <see cref="Id"/> is what <c>POST /api/tasks/{id}/complete</c> takes.</summary>
public sealed record CaseTask(long Id, string Key, string Title, string AssigneeRole, string AssigneeTitle, DateTimeOffset DueAt, string Status, string? Outcome)
{
    /// <summary>The legal last day the task is due on (its due instant is 24:00 of that day).</summary>
    public DateOnly LastDay => Domain.Deadlines.ChinaTime.LastDayEndingAt(DueAt);
}

public sealed record CaseDocumentItem(long Id, string Purpose, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, string Href);

/// <summary>What the caller may do now: a command (<c>POST /api/cases/{id}/commands/{command}</c>) or a task outcome (<c>POST /api/tasks/{taskId}/complete</c>).</summary>
public sealed record CaseAction(string Command, string Title, long? TaskId, string? TaskKey, string? TaskTitle, IReadOnlyList<string> Requires,
    IReadOnlyDictionary<string, string> FieldTitles, string? ExtensionField, string? ExtensionOrPeriod);

/// <summary>One case: its facts, where it stands, the running deadline explained, the timeline, its tasks, notices, documents and actions.</summary>
public sealed record CaseView(
    long Id, string Enterprise, string CreditCode, string County, string Item, Industry Industry, decimal Amount, string Unit, Standard Standard,
    DateOnly FindingDate, string LegalBasis, string Bureau, CaseStatus Status, string Definition, string State, string StateTitle, CaseStanding Standing,
    CurrentDeadline? Deadline, IReadOnlyList<CaseTask> Tasks, IReadOnlyList<TimelineLine> Timeline, IReadOnlyList<NoticeLine> Notices,
    IReadOnlyList<CaseDocumentItem> Documents, IReadOnlyList<CaseAction> Actions);

/// <summary>Opening a case, field by field as the 立案 form sends them (text; the services check each).</summary>
public sealed record CaseOpeningRequest(
    string? CreditCode, string? EnterpriseName, string? Industry, string? CountyCode, string? Item, string? Amount, string? Unit, string? Standard,
    string? FindingDate, string? LegalBasis, string? BureauId, Dictionary<string, string>? Variables);

public sealed record CaseOpened(long Id, string Href);

/// <summary>
/// A file that comes with an action: the field it is for (e.g. photosBefore, acceptanceOpinion, attachment), its name and
/// its bytes in base64 (decoded straight into bytes as the body is read: no second copy as text).
/// </summary>
public sealed record ActionFile(string? Field, string? FileName, byte[]? ContentBase64);

/// <summary>A case command's data: the fields the definition requires (<see cref="CaseAction.Requires"/>) and any files.</summary>
public sealed record CommandRequest(Dictionary<string, string>? Data, List<ActionFile>? Files);

public static class CaseEndpoints
{
    /// <summary>A command's body: its files (at most 8, 10 MB each, <see cref="RequestLimits.ApiFilesInAll"/> in all) in base64 and its text.</summary>
    public const long MaxCommandBytes = RequestLimits.ApiCommandBody;

    public static void MapCaseEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/cases", ListAsync).InArea("Cases", true).WithName("ListCases").WithSummary("案件列表 · List cases in your scope, filtered and paged (50 a page)")
            .WithProblems(400, 401);
        api.MapGet("/cases/{id:long}", GetAsync).InArea("Cases", true).WithName("GetCase").WithSummary("案件详情 · One case with its deadline explained, timeline and tasks")
            .WithProblems(401, 404);
        api.MapPost("/cases", OpenAsync).InArea("Cases", true).WithName("OpenCase").WithSummary("立案 · Open a case and start its workflow")
            .Accepts<CaseOpeningRequest>("application/json").WithProblems(400, 401, 403, 415);
        api.MapPost("/cases/{id:long}/commands/{command}", CommandAsync).InArea("Cases", true).WithName("IssueCaseCommand")
            .WithSummary("办理 · Issue a command of the case's step (request an extension, withdraw, …)")
            .Accepts<CommandRequest>("application/json").WithMetadata(new RequestSizeLimitAttribute(MaxCommandBytes))
            .WithProblems(400, 401, 403, 404, 409, 413, 415);
        api.MapGet("/documents/{id:long}", DocumentAsync)
            .InArea("Cases", true).WithName("GetDocument").WithSummary("案件文件 · A document of a case in your scope")
            .Produces(200, contentType: "application/octet-stream").WithProblems(401, 404);
    }

    private static async Task<Ok<CasePage>> ListAsync([AsParameters] CaseListQuery query, HttpContext http, CaseReadAccess access,
        CaseFilterReader reader, CaseListService list, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(http.User.Identity?.Name, cancellationToken);
        var filter = await reader.ReadAsync(person, new CaseFilterText(query.Standard, query.State, query.Industry, query.County, query.Bureau, query.Card,
            query.DueWithin, query.Status, query.Q, query.Sort, query.Desc, query.Page), cancellationToken);
        var (rows, total) = await list.PageAsync(person.Login, filter, cancellationToken);
        var items = rows.Select(r => new CaseListItem(r.Id, r.Enterprise, r.CreditCode, r.County, r.Item, r.Industry, r.Amount, r.Unit, r.Standard, r.Status,
            r.State, list.StateTitle(r.DefinitionId, r.Version, r.State), list.CardOf(r), r.Bureau, r.FindingDate, r.NextDeadline)).ToList();
        return TypedResults.Ok(new CasePage(total, filter.Page + 1, CaseFilter.PageSize, Math.Max(1, (total + CaseFilter.PageSize - 1) / CaseFilter.PageSize), items));
    }

    private static async Task<Ok<CaseView>> GetAsync(long id, HttpContext http, CaseViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.GetAsync(http.User.Identity?.Name, id, cancellationToken) ?? throw ApiProblems.Missing("案件", "case"));

    private static async Task<Created<CaseOpened>> OpenAsync(HttpRequest request, CaseOpeningService opening, CancellationToken cancellationToken)
    {
        if ((await opening.BureausForAsync(request.HttpContext.User.Identity?.Name, cancellationToken)).Count == 0)
        {
            throw ApiProblems.Refused(); // as the 立案 page: a person who may open no case at all is refused before the fields
        }

        var body = await ApiBody.ReadAsync<CaseOpeningRequest>(request, cancellationToken);
        var opened = await opening.OpenAsync(request.HttpContext.User.Identity?.Name, new CaseOpening(body.CreditCode, body.EnterpriseName, body.Industry,
            body.CountyCode, body.Item, body.Amount, body.Unit, body.Standard, body.FindingDate, body.LegalBasis, body.BureauId, body.Variables), cancellationToken);
        return TypedResults.Created($"/api/cases/{opened.Id}", new CaseOpened(opened.Id, $"/api/cases/{opened.Id}"));
    }

    private static async Task<Ok<CaseView>> CommandAsync(long id, string command, HttpRequest request, CaseReadAccess access, CaseActions actions,
        CaseViews views, CaseWorkflowService workflows, CancellationToken cancellationToken)
    {
        var login = request.HttpContext.User.Identity?.Name;
        if (!await access.CanSeeAsync(await access.PersonAsync(login, cancellationToken), id, cancellationToken))
        {
            throw ApiProblems.Missing("案件", "case"); // out of scope reads as absent, as on the pages
        }

        // Authorised before the body is read: a person who holds no role on the case (an auditor) is refused without
        // the server reading, decoding or keeping any file the request carries.
        if (!await workflows.HoldsRoleAsync(id, login, cancellationToken))
        {
            throw ApiProblems.Refused();
        }

        var body = await ApiBody.ReadAsync<CommandRequest>(request, cancellationToken);
        await actions.IssueAsync(id, login, command, body.Data, body.Files, why => RequestLimits.AuditAsync(request.HttpContext, why), cancellationToken);
        return TypedResults.Ok((await views.GetAsync(login, id, cancellationToken))!);
    }

    private static async Task<FileStreamHttpResult> DocumentAsync(long id, HttpContext http, CapacityExitDbContext db, CaseReadAccess access,
        DocumentStore store, CancellationToken cancellationToken)
    {
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        var person = await access.PersonAsync(http.User.Identity?.Name, cancellationToken);
        if (document is null || !await access.CanSeeAsync(person, document.CaseId, cancellationToken))
        {
            throw ApiProblems.Missing("文件", "document");
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        return await store.OpenAsync(document.Sha256, cancellationToken) is { } content
            ? TypedResults.File(content, document.ContentType, document.FileName)
            : throw new InvalidOperationException($"document {document.Id}: no stored content for {document.Sha256}");
    }
}

/// <summary>One case for the API, read through the same services as the case page (<see cref="CaseFileService"/>, <see cref="CaseDetailsService"/>).</summary>
public sealed class CaseViews(CaseFileService files, CaseDetailsService details, CapacityExitDbContext db)
{
    public async Task<CaseView?> GetAsync(string? login, long id, CancellationToken cancellationToken)
    {
        var file = await files.GetAsync(login, id, cancellationToken);
        if (file is null)
        {
            return null; // not in the person's scope reads as absent
        }

        var detail = await details.GetAsync(id, cancellationToken);
        var taskIds = await db.WorkflowTasks.AsNoTracking().Where(t => t.CaseId == id).ToDictionaryAsync(t => t.Key, t => t.Id, cancellationToken);
        var tasks = (detail?.Tasks ?? []).Select(t => new CaseTask(taskIds.GetValueOrDefault(t.Key), t.Key, t.Title, t.AssigneeRole, t.AssigneeTitle, t.DueAt,
            t.Status, t.Outcome)).ToList();
        return new CaseView(file.CaseId, file.Enterprise, file.CreditCode, file.County, file.Item, file.Industry, file.Amount, file.Unit, file.Standard,
            file.FindingDate, file.LegalBasis, file.Bureau, file.Status, file.DefinitionTitle, file.State, file.StateTitle, file.Standing, detail?.Deadline,
            tasks, file.Timeline, file.Notices,
            file.Documents.Select(d => new CaseDocumentItem(d.Id, d.Purpose, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedAt, $"/api/documents/{d.Id}")).ToList(),
            file.Actions.Select(a => new CaseAction(a.Event, a.Title, a.TaskKey is { } k ? taskIds.GetValueOrDefault(k) : null, a.TaskKey, a.TaskTitle, a.Requires,
                a.FieldTitles, a.Extension?.Field, a.Extension?.OrPeriod)).ToList());
    }
}

/// <summary>
/// A command or task outcome with its files, as the action form does it: each file read and checked
/// (<see cref="UploadedFile"/>; photos fields take photos only), its bytes stored, and the command issued through
/// <see cref="CaseWorkflowService"/>, which decides and writes the transition and the files' rows together or not at all.
/// </summary>
public sealed class CaseActions(CaseWorkflowService workflows)
{
    public const int MaxFiles = 8;

    /// <param name="onFilesRefused">Told why, when a file is refused for its size or content (the audit log).</param>
    public async Task IssueAsync(long caseId, string? login, string command, IReadOnlyDictionary<string, string>? given, IReadOnlyList<ActionFile>? files,
        Func<string, Task>? onFilesRefused, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>(given ?? new Dictionary<string, string>());
        var attachments = new List<(string Purpose, UploadedFile File)>();
        var errors = new List<ValidationError>();
        if (files is { Count: > MaxFiles })
        {
            throw DomainValidationException.Single("files", $"一次最多上传{MaxFiles}个文件", $"at most {MaxFiles} files at once");
        }

        foreach (var (file, n) in (files ?? []).Select((f, n) => (f, n)))
        {
            var field = file?.Field;
            if (file is null || string.IsNullOrWhiteSpace(field) || field.Length > 100 || InputText.HasControlCharacters(field))
            {
                errors.Add(new ValidationError($"files[{n}].field", "请写明文件属于哪个字段（如 photosBefore、attachment）", "name the field the file is for (e.g. photosBefore, attachment)"));
                continue;
            }

            try
            {
                attachments.Add((field, UploadedFile.Of(field, file.FileName, file.ContentBase64 ?? [], ActionFields.For(field).Accepts)));
            }
            catch (DomainValidationException e)
            {
                errors.AddRange(e.Errors.Select(x => x with { Field = $"files[{n}]" }));
            }
        }

        if (errors.Count > 0 && onFilesRefused is not null)
        {
            await onFilesRefused(string.Join("; ", errors.Select(e => $"{e.Field}: {e.MessageEn}")));
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        // A file field the definition requires carries the files' names, as on the form; the optional attachment does not.
        foreach (var group in attachments.Where(a => a.Purpose != ActionFields.Attachment.Name).GroupBy(a => a.Purpose))
        {
            data[group.Key] = string.Join("；", group.Select(a => $"{a.File.FileName}（SHA-256 {a.File.Sha256[..12]}）"));
        }

        // The service keeps the files only once the engine has accepted the command (a refusal keeps none).
        await workflows.IssueAsync(caseId, login, command, data, attachments, cancellationToken);
    }
}
