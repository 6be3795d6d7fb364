using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Web.Pages.Cases;

/// <summary>案件列表: the cases in the person's scope, filtered, searched, sorted, 50 a page.</summary>
public sealed class IndexModel(CaseListService list, CaseReadAccess access, CapacityExitDbContext db, WorkflowRuntime runtime) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Standard { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? Bureau { get; set; }
    [BindProperty(SupportsGet = true)] public string? Card { get; set; }
    [BindProperty(SupportsGet = true)] public string? DueWithin { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<CaseRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<(string Value, string Label)> Counties { get; private set; } = [];
    public IReadOnlyList<(string Value, string Label)> Bureaus { get; private set; } = [];
    public IReadOnlyList<(string Value, string Label)> States { get; private set; } = [];
    public int Pages => Math.Max(1, (Total + CaseFilter.PageSize - 1) / CaseFilter.PageSize);

    public Card CardOf(CaseRow row) => list.CardOf(row);
    public string StateTitle(CaseRow row) => list.StateTitle(row.DefinitionId, row.Version, row.State);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(User.Identity!.Name, cancellationToken);
        await LoadChoicesAsync(person, cancellationToken);
        var filter = Parse();
        if (!ModelState.IsValid)
        {
            Response.StatusCode = 400;
            return Page();
        }

        (Rows, Total) = await list.PageAsync(person.Login, filter, cancellationToken);
        return Page();
    }

    /// <summary>The list as .xlsx with this page's filters and order, every page of it.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(User.Identity!.Name, cancellationToken);
        await LoadChoicesAsync(person, cancellationToken);
        var filter = Parse();
        if (!ModelState.IsValid)
        {
            Response.StatusCode = 400;
            return Page();
        }

        var rows = await Core.Spreadsheets.ListExports.AllCasesAsync(list, person.Login, filter, cancellationToken);
        return File(Core.Spreadsheets.Xlsx.Write(rows, Core.Spreadsheets.ListExports.Cases(list), "案件列表"), Core.Spreadsheets.Xlsx.ContentType, "案件列表.xlsx");
    }

    /// <summary>This page's query as an .xlsx link.</summary>
    public string ExportLink() => With("handler", "xlsx");

    /// <summary>The query string into a filter; a value that is not one of the choices is an error beside its field.</summary>
    private CaseFilter Parse()
    {
        T? Enum<T>(string field, string? text) where T : struct, System.Enum
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (System.Enum.TryParse<T>(text, ignoreCase: false, out var v) && System.Enum.IsDefined(v))
            {
                return v;
            }

            ModelState.AddModelError(field, Text.T($"“{Cut(text)}”不是可选的值", $"'{Cut(text)}' is not one of the choices"));
            return null;
        }

        int? Number(string field, string? text, int min, int max)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (int.TryParse(text, out var n) && n >= min && n <= max)
            {
                return n;
            }

            ModelState.AddModelError(field, Text.T($"“{Cut(text)}”应为{min}至{max}之间的整数", $"'{Cut(text)}' should be a whole number from {min} to {max}"));
            return null;
        }

        if (Q is { Length: > 100 })
        {
            ModelState.AddModelError(nameof(Q), Text.T("搜索词最多100个字符", "a search has at most 100 characters"));
        }
        else if (InputText.HasControlCharacters(Q))
        {
            ModelState.AddModelError(nameof(Q), Text.T("搜索词含有不可见的控制字符", "the search contains control characters"));
        }

        if (State is not null && !States.Any(s => s.Value == State))
        {
            ModelState.AddModelError(nameof(State), Text.T($"“{Cut(State)}”不是可选的办理阶段", $"'{Cut(State)}' is not a step"));
        }

        var county = Number(nameof(County), County, 1, int.MaxValue);
        if (county is not null && !Counties.Any(c => c.Value == County))
        {
            ModelState.AddModelError(nameof(County), Text.T("该县（市、区）不在您的辖区内", "that county is outside your jurisdiction"));
        }

        return new CaseFilter
        {
            Standard = Enum<Standard>(nameof(Standard), Standard),
            Industry = Enum<Industry>(nameof(Industry), Industry),
            Card = Enum<Card>(nameof(Card), Card),
            Status = Status == "all" ? null : Enum<CaseStatus>(nameof(Status), Status) ?? CaseStatus.Open,
            State = string.IsNullOrWhiteSpace(State) ? null : State,
            CountyId = county,
            BureauId = Number(nameof(Bureau), Bureau, 1, int.MaxValue),
            DueWithinDays = Number(nameof(DueWithin), DueWithin, 0, 3660),
            Search = Q,
            Sort = Enum<CaseSort>(nameof(Sort), Sort) ?? CaseSort.NextDeadline,
            Descending = Desc,
            Page = Math.Clamp(PageNumber, 1, 100_000) - 1,
        };
    }

    private static string Cut(string text) => text.Length > 20 ? text[..20] + "…" : text;

    private async Task LoadChoicesAsync(Person person, CancellationToken cancellationToken)
    {
        var within = (await access.JurisdictionsWithinAsync(person.JurisdictionId, cancellationToken)).ToList();
        Counties = (await db.Jurisdictions.AsNoTracking()
                .Where(j => within.Contains(j.Id) && (j.Level == JurisdictionLevel.CountyDistrict || j.Level == JurisdictionLevel.DevelopmentZone))
                .OrderBy(j => j.Code).Select(j => new { j.Id, j.NameZh }).ToListAsync(cancellationToken))
            .Select(j => (j.Id.ToString(), j.NameZh)).ToList();
        var chain = await JurisdictionChain.UpwardsAsync(db, person.JurisdictionId, cancellationToken);
        var bureauScope = within.Concat(chain).ToList();
        Bureaus = (await db.Bureaus.AsNoTracking().Where(b => bureauScope.Contains(b.JurisdictionId) && b.Kind != BureauKind.LeadingGroupOffice)
                .OrderBy(b => b.Id).Select(b => new { b.Id, b.NameZh }).ToListAsync(cancellationToken))
            .Select(b => (b.Id.ToString(), b.NameZh)).ToList();
        States = runtime.Catalog.Definitions.SelectMany(d => d.States.Values)
            .GroupBy(s => s.Name).Select(g => (g.Key, g.First().Title)).OrderBy(s => s.Title, StringComparer.Ordinal).ToList();
    }

    /// <summary>This page's query with one value changed (for sorting and paging links).</summary>
    public string With(string key, string? value)
    {
        var q = Request.Query.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (value is null)
        {
            q.Remove(key);
        }
        else
        {
            q[key] = value;
        }

        return "/cases" + Microsoft.AspNetCore.Http.QueryString.Create(q.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
    }
}
