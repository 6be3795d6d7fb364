namespace CapacityExit.Workflow.Domain.Registry;

/// <summary>Rules every text a person types must pass before it is looked up or stored.</summary>
public static class InputText
{
    /// <summary>
    /// NUL and the other C0 control characters (tab and line breaks aside) have no place in a name, a login or a
    /// reason; PostgreSQL refuses NUL outright, so they are refused here with a message instead of a database error.
    /// </summary>
    public static bool HasControlCharacters(string? text) =>
        text is not null && text.Any(c => c < ' ' && c is not ('\t' or '\r' or '\n'));

    public static ValidationError? Check(string field, string? text) => HasControlCharacters(text)
        ? new ValidationError(field, "含有不可见的控制字符", "contains control characters")
        : null;
}
