namespace CapacityExit.Workflow.Domain.Registry;

/// <summary>One thing wrong with an input: which field, and why, in Chinese first.</summary>
public sealed record ValidationError(string Field, string MessageZh, string MessageEn)
{
    public override string ToString() => $"{Field}: {MessageZh} ({MessageEn})";
}

/// <summary>
/// Bad input. Thrown before anything is written, carrying every error found so a user can fix them all at once.
/// </summary>
public sealed class DomainValidationException(IReadOnlyList<ValidationError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    public static DomainValidationException Single(string field, string zh, string en) => new([new ValidationError(field, zh, en)]);
}
