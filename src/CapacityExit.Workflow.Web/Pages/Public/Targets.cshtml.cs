using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Spreadsheets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Public;

/// <summary>
/// 各县市区年度淘汰落后产能任务完成情况 (000 §三.2: 定期公布…，建立淘汰落后产能社会监督机制): each county's annual exit
/// targets of a city and year and the capacity its cases exited, for anyone, and as .xlsx with the same city and year.
/// </summary>
public sealed class TargetsModel(PublicListService lists, TimeProvider time) : PageModel
{
    public const string TitleZh = ListExports.PublicTargetsTitle;
    public const string TitleEn = "Annual exit targets and their completion";

    [BindProperty(SupportsGet = true)] public string? City { get; set; }
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }

    public IReadOnlyList<PublicCity> Cities { get; private set; } = [];
    public PublicCity? Chosen { get; private set; }
    public int ChosenYear { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<PublicTargetLine> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public static IReadOnlyList<Core.Spreadsheets.XlsxColumn<PublicTargetLine>> Columns => ListExports.PublicTargets;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return File(Xlsx.Write(Rows, Columns, TitleZh), Xlsx.ContentType, $"{Chosen!.Name}{ChosenYear}年{TitleZh}.xlsx");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Cities = await lists.CitiesAsync(cancellationToken);
        Today = Text.Today(time);
        Years = Enumerable.Range(Today.Year - 9, 10).Reverse().ToList();
        var ok = true;
        Chosen = string.IsNullOrWhiteSpace(City) ? Cities.FirstOrDefault() : Cities.FirstOrDefault(c => c.Code == City);
        if (Chosen is null)
        {
            ModelState.AddModelError(nameof(City), Text.T("请选择列表中的市", "choose a city from the list"));
            ok = false;
        }

        ChosenYear = Today.Year;
        if (!string.IsNullOrWhiteSpace(Year))
        {
            if (int.TryParse(Year, out var y) && y is >= 2000 and <= 2100)
            {
                ChosenYear = y;
            }
            else
            {
                ModelState.AddModelError(nameof(Year), Text.T("年份应为四位数字，如 2026", "the year is four digits, e.g. 2026"));
                ok = false;
            }
        }

        if (ok)
        {
            Rows = await lists.TargetsAsync(Chosen!.Id, ChosenYear, Today, cancellationToken);
        }

        return ok;
    }
}
