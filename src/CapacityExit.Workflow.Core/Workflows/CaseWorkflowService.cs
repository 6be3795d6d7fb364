using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>A task as a person sees it in their list.</summary>
public sealed record TaskView(long TaskId, long CaseId, string Key, string Kind, string AssigneeRole, DateTimeOffset DueAt, string EnterpriseName, string Standard, string State)
{
    /// <summary>The task's title as its definition names it (e.g. 审批延期申请).</summary>
    public string Title { get; init; } = Kind;

    /// <summary>The title of the step the case is in.</summary>
    public string StateTitle { get; init; } = State;

    /// <summary>The legal last day the task is due on (its due instant is 24:00 of that day).</summary>
    public DateOnly LastDay => Domain.Deadlines.ChinaTime.LastDayEndingAt(DueAt);
}

/// <summary>
/// The one entry point for acting on a case's workflow — the CLI, the API and the web pages all call it.
/// It resolves who is acting, checks their scope on the case, and applies the command with the engine; the
/// transition and everything it schedules or sends commit in one transaction, or nothing does.
/// </summary>
public sealed class CaseWorkflowService(CapacityExitDbContext db, NpgsqlDataSource dataSource, WorkflowRuntime runtime, TimeProvider time,
    IEnumerable<ITransitionFollowUp> followUps, Documents.DocumentStore documents)
{
    public const int MaxCommandLength = 100;

    /// <summary>The longest value a command may carry (case_history.why holds 2,000 characters).</summary>
    public const int MaxValueLength = 1000;

    /// <summary>
    /// Applies <paramref name="command"/> for the person signed in as <paramref name="login"/>. Bad input, an
    /// unknown case or person, a person without the right, or a command the state does not allow raises
    /// <see cref="DomainValidationException"/> or <see cref="WorkflowRuleException"/> and writes nothing.
    /// </summary>
    public Task<WorkflowInstanceState> IssueAsync(long caseId, string? login, string? command, IReadOnlyDictionary<string, string>? data,
        CancellationToken cancellationToken) => IssueAsync(caseId, login, command, data, [], cancellationToken);

    /// <summary>
    /// As above, with files that come with the action (the enterprise's application, photos, the acceptance opinion),
    /// read and checked by the caller but not stored: the person, their role on the case, the fields and the engine's
    /// decision come first, and only an action the engine accepts writes the files' bytes to the
    /// <see cref="Documents.DocumentStore"/> and their rows in the transition's transaction. A refused action (403, 409,
    /// a wrong field) keeps no byte of its files.
    /// </summary>
    public async Task<WorkflowInstanceState> IssueAsync(long caseId, string? login, string? command, IReadOnlyDictionary<string, string>? data,
        IReadOnlyList<(string Purpose, Documents.UploadedFile File)> attachments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw DomainValidationException.Single("command", "未指定操作", "no command given");
        }

        var controls = new[] { InputText.Check("login", login), InputText.Check("command", command) }
            .Concat((data ?? new Dictionary<string, string>()).Select(d => InputText.Check($"data.{d.Key}", d.Key + d.Value)))
            .FirstOrDefault(e => e is not null);
        if (controls is not null)
        {
            throw new DomainValidationException([controls]);
        }

        if (command.Length > MaxCommandLength)
        {
            throw DomainValidationException.Single("command", $"操作名过长（{command.Length}字）", $"the command name is {command.Length} characters long");
        }

        foreach (var (key, value) in data ?? new Dictionary<string, string>())
        {
            // What is recorded must fit the history (reason) and stay readable; refuse before anything is touched.
            if (key.Length > MaxCommandLength || value is null || value.Length > MaxValueLength)
            {
                throw DomainValidationException.Single($"data.{(key.Length > MaxCommandLength ? key[..20] + "…" : key)}",
                    $"“{(key.Length > 20 ? key[..20] + "…" : key)}”为空或过长（最多{MaxValueLength}字）", $"'{key}' is missing or longer than {MaxValueLength} characters");
            }
        }

        var person = await FindPersonAsync(login, cancellationToken);
        var scope = await ScopeAsync(caseId, cancellationToken);
        var roles = CaseAccess.WorkflowRoles(person, scope);
        if (roles.Count == 0)
        {
            var (zh, en) = CaseAccess.WhyNoRole(person);
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：{zh}", $"{person.Login}: {en}");
        }

        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var loaded = await WorkflowStore.LoadAsync(connection, transaction, [caseId], lockRows: true, cancellationToken);
        if (!loaded.TryGetValue(caseId, out var instance))
        {
            throw DomainValidationException.Single("caseId", $"案件{caseId}没有工作流", $"case {caseId} has no workflow");
        }

        if (instance.Finished)
        {
            throw new WorkflowRuleException("case-finished", $"案件{caseId}已办结（{instance.State.State}）", $"case {caseId} is finished ({instance.State.State})");
        }

        var actor = new Actor(person.Login, roles);
        var e = new CommandIssued(command.Trim(), actor, data ?? new Dictionary<string, string>());
        var result = runtime.Apply(instance, e, now, out var finished, out var status)
            ?? throw new WorkflowRuleException("event-not-allowed", $"操作“{command}”在当前状态下没有效果", $"'{command}' changes nothing in this state");
        if (status == CaseStatus.Exited)
        {
            // 000 §三.6: 职工安置是重中之重 — no exit is accepted before its worker resettlement plan is on record.
            await Measures.ExitSupportService.EnsureResettlementPlanAsync(db, caseId, cancellationToken);
        }

        var writer = new TransitionWriter(now, person.Login);
        var taskKey = data?.GetValueOrDefault("task");
        writer.Add(caseId, result, finished, status, person.Login, completedTaskKey: taskKey, taskOutcome: data?.GetValueOrDefault("outcome"), before: instance.State);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            writer.Flush(batch);
            foreach (var (purpose, file) in attachments)
            {
                var insert = new NpgsqlBatchCommand(
                    "insert into capacity_exit.case_documents (case_id, purpose, file_name, content_type, size, sha256, uploaded_by, uploaded_at) " +
                    "values (@case, @purpose, @name, @type, @size, @sha, @by, @at)");
                insert.Parameters.AddWithValue("case", caseId);
                insert.Parameters.AddWithValue("purpose", purpose);
                insert.Parameters.AddWithValue("name", file.FileName);
                insert.Parameters.AddWithValue("type", file.ContentType);
                insert.Parameters.AddWithValue("size", (long)file.Content.Length);
                insert.Parameters.AddWithValue("sha", file.Sha256);
                insert.Parameters.AddWithValue("by", person.Login);
                insert.Parameters.AddWithValue("at", now);
                batch.BatchCommands.Add(insert);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await TransitionFollowUps.RunAsync(followUps, connection, transaction, writer, cancellationToken);

        // Decided and written: only now are the files kept (content-addressed, each once), in the same transaction.
        foreach (var (_, file) in attachments)
        {
            await documents.SaveAsync(file, connection, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result.NewState;
    }

    /// <summary>
    /// Moves the chosen running cases of <paramref name="definitionId"/> to version <paramref name="targetVersion"/>,
    /// mapping old states to new ones; each case's history records the move. Administrators only. All the cases
    /// move in one transaction, or none does.
    /// </summary>
    public async Task<int> MigrateAsync(string? login, string definitionId, int targetVersion, IReadOnlyCollection<long> caseIds,
        IReadOnlyDictionary<string, string> stateMapping, CancellationToken cancellationToken)
    {
        var person = await FindPersonAsync(login, cancellationToken);
        if (person.Role != Role.Admin)
        {
            throw new WorkflowRuleException("role-not-allowed", "只有系统管理员可以迁移流程版本", "only administrators move cases to another version");
        }

        if (!runtime.Catalog.TryGet(definitionId, targetVersion, out var target))
        {
            throw DomainValidationException.Single("toVersion", $"流程“{definitionId}”没有第{targetVersion}版", $"definition '{definitionId}' has no version {targetVersion}");
        }

        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var loaded = await WorkflowStore.LoadAsync(connection, transaction, caseIds, lockRows: true, cancellationToken);
        var writer = new TransitionWriter(now, person.Login);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var caseId in caseIds)
        {
            if (!loaded.TryGetValue(caseId, out var instance) || instance.Finished)
            {
                throw DomainValidationException.Single("cases", $"案件{caseId}不存在或已办结", $"case {caseId} does not exist or is finished");
            }

            var moved = VersionMigration.Apply(instance.State, target, stateMapping, now, person.Login);
            writer.Add(caseId, new TransitionResult(moved.NewState, [], [], [], [], [], [moved.History]), false, null, person.Login);
            foreach (var (from, to) in stateMapping)
            {
                foreach (var table in new[] { "workflow_timers", "workflow_tasks" })
                {
                    // Open timers and tasks follow their step into the new version, so leaving it still cancels them.
                    var remap = new NpgsqlBatchCommand(
                        $"update capacity_exit.{table} set owner_state = @to where case_id = @case and owner_state = @from and status in ('Pending', 'Open')");
                    remap.Parameters.AddWithValue("to", to);
                    remap.Parameters.AddWithValue("from", from);
                    remap.Parameters.AddWithValue("case", caseId);
                    batch.BatchCommands.Add(remap);
                }
            }
        }

        writer.Flush(batch);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return caseIds.Count;
    }

    /// <summary>
    /// At start-up: moves every running case of a version that a newer version lists under <c>migrates-from</c> (a
    /// compatible change, each state to the state of the same name) to that newer version, as `workflow migrate` would,
    /// with the history line "migrated vN → vM" written by the system. Open timers and tasks keep their keys and due
    /// times; finished cases keep the version they ran on. Returns how many cases moved.
    /// </summary>
    public async Task<int> MigrateCompatibleAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var target in runtime.Catalog.DefinitionIds.Select(id => runtime.Catalog.Latest(id)).Where(d => d.MigratesFrom.Count > 0))
        {
            var from = target.MigratesFrom.ToList();
            var candidates = await db.WorkflowInstances.AsNoTracking()
                .Where(i => i.DefinitionId == target.Id && i.FinishedAt == null && from.Contains(i.Version))
                .OrderBy(i => i.CaseId).Select(i => i.CaseId).ToListAsync(cancellationToken);
            foreach (var chunk in candidates.Chunk(500))
            {
                var now = time.GetUtcNow();
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var loaded = await WorkflowStore.LoadAsync(connection, transaction, chunk, lockRows: true, cancellationToken);
                var writer = new TransitionWriter(now, WorkflowEngine.SystemActor);
                var count = 0;
                foreach (var (caseId, instance) in loaded.Where(l => !l.Value.Finished && from.Contains(l.Value.State.Version)))
                {
                    var result = VersionMigration.Apply(instance.State, target, new Dictionary<string, string>(), now);
                    writer.Add(caseId, new TransitionResult(result.NewState, [], [], [], [], [], [result.History]), false, null, WorkflowEngine.SystemActor);
                    count++;
                }

                if (count > 0)
                {
                    await using var batch = new NpgsqlBatch(connection, transaction);
                    writer.Flush(batch);
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                moved += count;
            }
        }

        return moved;
    }

    /// <summary>
    /// Open tasks the person can act on: their role's tasks on cases in their scope. Only the cases they may see are
    /// read (<see cref="Cases.CaseReadAccess"/>); the roles are then decided per case as for a command.
    /// </summary>
    public async Task<IReadOnlyList<TaskView>> OpenTasksAsync(string? login, long? caseId, CancellationToken cancellationToken)
    {
        var person = await FindPersonAsync(login, cancellationToken);
        var visibleCases = await new Cases.CaseReadAccess(db).VisibleCasesAsync(person, cancellationToken);
        var rows = await (
            from t in db.WorkflowTasks
            join c in visibleCases on t.CaseId equals c.Id
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            join item in db.CapacityItems on c.CapacityItemId equals item.Id
            join ent in db.Enterprises on item.EnterpriseId equals ent.Id
            where t.Status == WorkTaskStatus.Open && (caseId == null || c.Id == caseId)
            orderby t.DueAt, t.Id
            select new { t.Id, t.CaseId, t.Key, t.Kind, t.AssigneeRole, t.DueAt, ent.Name, c.Standard, i.State, i.DefinitionId, i.Version, c.ResponsibleBureauId, ent.CountyId })
            .ToListAsync(cancellationToken);
        var chains = new Dictionary<int, IReadOnlySet<int>>();
        var visible = new List<TaskView>();
        foreach (var row in rows)
        {
            if (!chains.TryGetValue(row.CountyId, out var chain))
            {
                chains[row.CountyId] = chain = await JurisdictionChain.UpwardsAsync(db, row.CountyId, cancellationToken);
            }

            var roles = CaseAccess.WorkflowRoles(person, new CaseScope(row.CaseId, row.ResponsibleBureauId, row.CountyId, chain));
            if (roles.Contains(row.AssigneeRole))
            {
                runtime.Catalog.TryGet(row.DefinitionId, row.Version, out var definition);
                var state = definition?.States.GetValueOrDefault(row.State);
                var task = state?.Tasks.FirstOrDefault(t => t.Name == row.Kind);
                visible.Add(new TaskView(row.Id, row.CaseId, row.Key, row.Kind, row.AssigneeRole, row.DueAt, row.Name, row.Standard.Zh(), row.State)
                {
                    Title = task?.Title ?? row.Kind,
                    StateTitle = state?.Title ?? row.State,
                });
            }
        }

        return visible;
    }

    /// <summary>Whether the person holds any workflow role on the case (their scope and role, not the step): who may act on it at all.</summary>
    public async Task<bool> HoldsRoleAsync(long caseId, string? login, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken);
        return person is not null && await db.Cases.AnyAsync(c => c.Id == caseId, cancellationToken)
            && CaseAccess.WorkflowRoles(person, await ScopeAsync(caseId, cancellationToken)).Count > 0;
    }

    /// <summary>What the person may do on the case now; empty when they hold no role on it or it is finished.</summary>
    public async Task<IReadOnlyList<AvailableAction>> ActionsAsync(long caseId, string? login, CancellationToken cancellationToken)
    {
        var person = await FindPersonAsync(login, cancellationToken);
        var roles = CaseAccess.WorkflowRoles(person, await ScopeAsync(caseId, cancellationToken));
        if (roles.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var loaded = await WorkflowStore.LoadAsync(connection, null, [caseId], lockRows: false, cancellationToken);
        return loaded.TryGetValue(caseId, out var instance)
            ? runtime.ActionsFor(instance, new Actor(person.Login, roles), time.GetUtcNow())
            : [];
    }

    private async Task<Person> FindPersonAsync(string? login, CancellationToken cancellationToken) =>
        await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken)
        ?? throw DomainValidationException.Single("login", $"用户“{login}”不存在", $"no user '{login}'");

    private async Task<CaseScope> ScopeAsync(long caseId, CancellationToken cancellationToken)
    {
        var row = await (
            from c in db.Cases
            join item in db.CapacityItems on c.CapacityItemId equals item.Id
            join ent in db.Enterprises on item.EnterpriseId equals ent.Id
            where c.Id == caseId
            select new { c.ResponsibleBureauId, ent.CountyId }).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainValidationException.Single("caseId", $"案件{caseId}不存在", $"case {caseId} does not exist");
        return new CaseScope(caseId, row.ResponsibleBureauId, row.CountyId, await JurisdictionChain.UpwardsAsync(db, row.CountyId, cancellationToken));
    }
}
