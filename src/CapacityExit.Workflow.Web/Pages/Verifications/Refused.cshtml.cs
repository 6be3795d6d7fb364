using System.Globalization;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Verifications;

/// <summary>
/// 未受理的举报: the 举报 submissions refused for the rate limit or as a robot's, kept for the audit — read-only, for the
/// leading-group office and auditors (policy <see cref="WebServices.RefusedReportsPolicy"/>; the log checks again),
/// filtered by reason and day, paged, and as .xlsx with the same filter.
/// </summary>
public sealed class RefusedModel(RefusedSubmissionLog log) : PageModel
{
    private const int MaxPage = 100_000;

    [BindProperty(SupportsGet = true)] public string? Reason { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] // "page" is the route value naming the Razor page
    public int PageNumber { get; set; }

    public IReadOnlyList<RefusedSubmission> Rows { get; private set; } = [];

    /// <summary>Addresses and days past the bound: counted, not kept in full.</summary>
    public IReadOnlyList<RefusedTally> CountedOnly { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + RefusedFilter.PageSize - 1) / RefusedFilter.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (PageNumber is < 0 or > MaxPage)
        {
            return BadRequest();
        }

        if (Filter() is not { } filter)
        {
            return Page();
        }

        try
        {
            (Rows, Total) = await log.QueryAsync(User.Identity?.Name, filter, cancellationToken);
            CountedOnly = await log.CountedOnlyAsync(User.Identity?.Name, filter, cancellationToken);
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("reason", nameof(Reason)), ("to", nameof(To)));
        }

        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        if (Filter() is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var rows = await log.AllAsync(User.Identity?.Name, filter, cancellationToken);
            return File(Xlsx.Write(rows, ListExports.RefusedSubmissions, "未受理的举报"), Xlsx.ContentType, "未受理的举报.xlsx");
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("reason", nameof(Reason)), ("to", nameof(To)));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    /// <summary>The address of another page (or the .xlsx) of the same filter.</summary>
    public string Link(int? page, bool xlsx = false) => QueryString.Create(new Dictionary<string, string?>
    {
        ["handler"] = xlsx ? "xlsx" : null, ["reason"] = Reason, ["from"] = From, ["to"] = To,
        ["p"] = page?.ToString(CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    public static string ReasonName(string? reason)
    {
        var (zh, en) = RefusedSubmissionLog.ReasonText(reason);
        return Text.T(zh, en);
    }

    public static string ReasonExplained(string? reason)
    {
        var (zh, en) = RefusedSubmissionLog.ReasonExplained(reason);
        return Text.T(zh, en);
    }

    public static string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Domain.Deadlines.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The filter as typed; null (with the errors beside the fields) when a day is not a date.</summary>
    private RefusedFilter? Filter()
    {
        var from = Date(From, nameof(From));
        var to = Date(To, nameof(To));
        return ModelState.IsValid ? new RefusedFilter(string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim(), from, to, PageNumber) : null;
    }

    private DateOnly? Date(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        ModelState.AddModelError(key, Text.T($"“{text}”不是日期：请按 年-月-日 填写，如 2026-12-01", $"'{text}' is not a date: write it as year-month-day, e.g. 2026-12-01"));
        return null;
    }
}
