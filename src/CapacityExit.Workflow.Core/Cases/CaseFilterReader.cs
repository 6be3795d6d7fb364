using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Cases;

/// <summary>The case list's filters as a program or a query string sends them: text, each part optional.</summary>
public sealed record CaseFilterText(
    string? Standard = null, string? State = null, string? Industry = null, string? County = null, string? Bureau = null, string? Card = null,
    string? DueWithin = null, string? Status = null, string? Q = null, string? Sort = null, string? Desc = null, string? Page = null);

/// <summary>
/// Reads <see cref="CaseFilterText"/> into a <see cref="CaseFilter"/> for one person, with the same rules as the case
/// list page (a value must be one of the choices, a county must be in the person's jurisdiction, a search at most 100
/// characters without control characters). Every wrong field is reported at once, in Chinese and English; the field
/// names are the query's (<c>standard</c>, <c>county</c>, <c>q</c>, …).
/// </summary>
public sealed class CaseFilterReader(CaseReadAccess access, CapacityExitDbContext db, WorkflowRuntime runtime)
{
    public const int MaxSearch = 100;
    public const int MaxPage = 100_000;

    public async Task<CaseFilter> ReadAsync(Person person, CaseFilterText text, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();

        T? Enum<T>(string field, string? value) where T : struct, System.Enum
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (System.Enum.TryParse<T>(value, ignoreCase: true, out var v) && System.Enum.IsDefined(v) && !int.TryParse(value, out _))
            {
                return v;
            }

            errors.Add(new ValidationError(field, $"“{Cut(value)}”不是可选的值（可选：{string.Join("、", System.Enum.GetNames<T>())}）",
                $"'{Cut(value)}' is not one of the choices ({string.Join(", ", System.Enum.GetNames<T>())})"));
            return null;
        }

        int? Number(string field, string? value, int min, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            errors.Add(new ValidationError(field, $"“{Cut(value)}”应为{min}至{max}之间的整数", $"'{Cut(value)}' should be a whole number from {min} to {max}"));
            return null;
        }

        if (text.Q is { Length: > MaxSearch })
        {
            errors.Add(new ValidationError("q", $"搜索词最多{MaxSearch}个字符", $"a search has at most {MaxSearch} characters"));
        }
        else if (InputText.HasControlCharacters(text.Q))
        {
            errors.Add(new ValidationError("q", "搜索词含有不可见的控制字符", "the search contains control characters"));
        }

        var state = string.IsNullOrWhiteSpace(text.State) ? null : text.State;
        if (state is not null && !runtime.Catalog.Definitions.Any(d => d.States.ContainsKey(state)))
        {
            errors.Add(new ValidationError("state", $"“{Cut(state)}”不是可选的办理阶段", $"'{Cut(state)}' is not a step"));
        }

        var county = Number("county", text.County, 1, int.MaxValue);
        if (county is { } c)
        {
            var within = await access.JurisdictionsWithinAsync(person.JurisdictionId, cancellationToken);
            var isCounty = await db.Jurisdictions.AsNoTracking()
                .AnyAsync(j => j.Id == c && (j.Level == JurisdictionLevel.CountyDistrict || j.Level == JurisdictionLevel.DevelopmentZone), cancellationToken);
            if (!isCounty || !within.Contains(c))
            {
                errors.Add(new ValidationError("county", "该县（市、区）不在您的辖区内", "that county is outside your jurisdiction"));
            }
        }

        bool? descending = null;
        if (!string.IsNullOrWhiteSpace(text.Desc))
        {
            descending = bool.TryParse(text.Desc, out var d) ? d
                : Add(new ValidationError("desc", $"“{Cut(text.Desc)}”应为 true 或 false", $"'{Cut(text.Desc)}' should be true or false"));
        }

        CaseStatus? status = string.Equals(text.Status, "all", StringComparison.OrdinalIgnoreCase) ? null : Enum<CaseStatus>("status", text.Status) ?? CaseStatus.Open;
        var filter = new CaseFilter
        {
            Standard = Enum<Standard>("standard", text.Standard),
            Industry = Enum<Industry>("industry", text.Industry),
            Card = Enum<Card>("card", text.Card),
            Status = status,
            State = state,
            CountyId = county,
            BureauId = Number("bureau", text.Bureau, 1, int.MaxValue),
            DueWithinDays = Number("dueWithin", text.DueWithin, 0, 3660),
            Search = text.Q,
            Sort = Enum<CaseSort>("sort", text.Sort) ?? CaseSort.NextDeadline,
            Descending = descending ?? false,
            Page = (Number("page", text.Page, 1, MaxPage) ?? 1) - 1,
        };
        return errors.Count > 0 ? throw new DomainValidationException(errors) : filter;

        bool? Add(ValidationError error)
        {
            errors.Add(error);
            return null;
        }
    }

    private static string Cut(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
