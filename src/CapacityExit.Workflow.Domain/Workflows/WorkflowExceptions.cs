namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// A command the rules refuse. Code is stable for programs ("event-not-allowed", "role-not-allowed",
/// "own-request", "extension-too-long", "extension-not-later", "extension-after-deadline", "only-once",
/// "missing-field", "invalid-fields" (several fields at once), "invalid-field", "task-not-open", "outcome-not-allowed", "migration-unknown-state");
/// MessageZh is for the person who tried.
/// </summary>
public sealed class WorkflowRuleException(string code, string messageZh, string message) : Exception(message)
{
    public string Code { get; } = code;

    public string MessageZh { get; } = messageZh;

    /// <summary>Each field of the command that was missing or wrong, when the refusal is about its data.</summary>
    public IReadOnlyList<FieldProblem> Problems { get; private init; } = [];

    /// <summary>
    /// One refusal for every problem of a command's data, field by field. The code is the problems' common code,
    /// or "invalid-fields" when they differ.
    /// </summary>
    public static WorkflowRuleException Of(IReadOnlyList<FieldProblem> problems)
    {
        var code = problems.Select(p => p.Code).Distinct().Count() == 1 ? problems[0].Code : "invalid-fields";
        return new WorkflowRuleException(code, string.Join("；", problems.Select(p => p.MessageZh)), string.Join(" ", problems.Select(p => p.Message)))
        {
            Problems = problems,
        };
    }
}

/// <summary>What is wrong with one field of a command: its name, a stable code, Chinese and English.</summary>
public sealed record FieldProblem(string Field, string Code, string MessageZh, string Message);

/// <summary>One problem in a definition or profile file. Line and column are 1-based; 0 when the whole file is meant.</summary>
public sealed record DefinitionError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

/// <summary>The workflow files cannot be used; every problem found is listed, not just the first.</summary>
public sealed class WorkflowDefinitionException(IReadOnlyList<DefinitionError> errors)
    : Exception($"{errors.Count} error(s) in the workflow files:{Environment.NewLine}" + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;
}
