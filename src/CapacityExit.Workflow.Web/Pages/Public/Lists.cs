using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Public;

/// <summary>
/// A published list (年度淘汰名单, 红牌, 黄牌) of one city and year, for anyone, and as .xlsx with the same city and year.
/// The rows come from <see cref="PublicListService"/>, which derives them from case state (CaseStanding).
/// </summary>
public abstract class PublicListModel(PublicListService lists, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? City { get; set; }
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }

    public abstract PublicList List { get; }
    public abstract string TitleZh { get; }
    public abstract string TitleEn { get; }
    public abstract string Path { get; }

    public IReadOnlyList<PublicCity> Cities { get; private set; } = [];
    public PublicCity? Chosen { get; private set; }
    public int ChosenYear { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<PublicListEntry> Rows { get; private set; } = [];

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

        var file = Xlsx.Write(Rows, Columns(List), TitleZh);
        return File(file, Xlsx.ContentType, $"{Chosen!.Name}{ChosenYear}年{TitleZh}.xlsx");
    }

    /// <summary>The columns the page shows, in its order (the same for the .xlsx).</summary>
    public static IReadOnlyList<XlsxColumn<PublicListEntry>> Columns(PublicList list) => ListExports.PublicList(list);

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Cities = await lists.CitiesAsync(cancellationToken);
        var thisYear = Text.Today(time).Year;
        Years = Enumerable.Range(thisYear - 9, 10).Reverse().ToList();
        var ok = true;
        Chosen = string.IsNullOrWhiteSpace(City) ? Cities.FirstOrDefault() : Cities.FirstOrDefault(c => c.Code == City);
        if (Chosen is null)
        {
            ModelState.AddModelError(nameof(City), Text.T("请选择列表中的市", "choose a city from the list"));
            ok = false;
        }

        ChosenYear = thisYear;
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
            Rows = await lists.ListAsync(List, Chosen!.Id, ChosenYear, cancellationToken);
        }

        return ok;
    }
}

public sealed class ExitListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.ExitList;
    public override string TitleZh => "淘汰落后产能企业名单";
    public override string TitleEn => "Enterprises whose backward capacity exited";
    public override string Path => "/public/exit-list";
}

public sealed class RedListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.RedCards;
    public override string TitleZh => "红牌企业名单";
    public override string TitleEn => "Red card list";
    public override string Path => "/public/red-list";
}

public sealed class YellowListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.YellowCards;
    public override string TitleZh => "黄牌企业名单";
    public override string TitleEn => "Yellow card list";
    public override string Path => "/public/yellow-list";
}
