using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CapacityExit.Workflow.Web.Pages.Programmes;

/// <summary>What the programme forms share: a service's refusal put beside its field (or above the form), the bilingual way.</summary>
internal static class ProgrammeForm
{
    /// <summary>A year of production days is some 4 KB; 256 KB leaves room for comments and ranges.</summary>
    public const long MaxDaysFileBytes = 256 * 1024;

    /// <summary>An uploaded production-days file as text: null when it is too large, not UTF-8, or has NUL bytes (not a text file).</summary>
    public static async Task<string?> ReadTextAsync(Microsoft.AspNetCore.Http.IFormFile file, CancellationToken cancellationToken)
    {
        if (file.Length is 0 or > MaxDaysFileBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        try
        {
            var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.ToArray());
            return text.Contains('\0') ? null : text;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    public static void AddErrors(ModelStateDictionary state, DomainValidationException e, IReadOnlyCollection<string> fields)
    {
        foreach (var error in e.Errors)
        {
            state.AddModelError(fields.Contains(error.Field) ? error.Field : "", Text.T(error.MessageZh, error.MessageEn));
        }
    }

    public static string? ErrorOf(ModelStateDictionary state, string name) =>
        state.TryGetValue(name, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
