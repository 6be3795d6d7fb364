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

    /// <summary>What the list is, with the seed that asks for it, in both languages.</summary>
    public abstract (string Zh, string En) Lead { get; }

    /// <summary>Which year the list is by (the acceptance, the finding, the notice).</summary>
    public virtual (string Zh, string En) YearLabel => ("认定年度", "Year of the finding");

    /// <summary>A notice page for a row, if the list has one (the closure notice, the sealed-equipment notice).</summary>
    public virtual (string Href, string Zh, string En)? Link(PublicListEntry entry) => null;

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
    public override (string Zh, string En) Lead => ("依法关停退出并经现场检查验收的企业、生产线（主体设备）和产能，按验收年度公布（《工作方案》：淘汰落后产能企业名单向社会公告）。",
        "Enterprises, lines and capacity closed by law and accepted on site, by the year of acceptance.");
    public override (string Zh, string En) YearLabel => ("验收年度", "Year of acceptance");
    public override (string Href, string Zh, string En)? Link(PublicListEntry entry) => ($"/public/closures/{entry.CaseId}", "关停公告", "Closure notice");
}

public sealed class RedListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.RedCards;
    public override string TitleZh => "红牌企业名单";
    public override string TitleEn => "Red card list";
    public override string Path => "/public/red-list";
    public override (string Zh, string En) Lead => ("红牌：经整改仍不达标，依法关停退出的企业（按认定年度）。", "Red card: still failing after rectification, closed by law (by the year of the finding).");
}

public sealed class YellowListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.YellowCards;
    public override string TitleZh => "黄牌企业名单";
    public override string TitleEn => "Yellow card list";
    public override string Path => "/public/yellow-list";
    public override (string Zh, string En) Lead => ("黄牌：能耗、质量、安全、技术不达标，须在限期内整改的企业（按认定年度）。", "Yellow card: failing a standard, to rectify by a deadline (by the year of the finding).");
}

/// <summary>超标排放企业名单 and 超标排放情节严重的企业名单 (001 §五.(四), 002 §四.(二), 003 §三.(四)).</summary>
public sealed class OverEmissionListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.OverEmission;
    public override string TitleZh => "超标排放企业名单";
    public override string TitleEn => "Enterprises emitting over the standards";
    public override string Path => "/public/over-emission";
    public override (string Zh, string En) Lead => ("生态环境部门查处的超标排放企业，正在限制生产、停产整治；情节严重、报经人民政府批准责令停业、关闭的列为“超标排放情节严重”（按认定年度）。",
        "Enterprises found emitting over the standards, under restricted production or suspension for rectification; those whose closure was sought for a serious violation are marked so (by the year of the finding).");
}

/// <summary>封存设备公告: equipment sealed until its demolition (001 §三.(三).5, 002 §二.(二).5, 003 §二.(五).3).</summary>
public sealed class SealedEquipmentListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.SealedEquipment;
    public override string TitleZh => "封存设备公告";
    public override string TitleEn => "Notices of sealed equipment";
    public override string Path => "/public/sealed-equipment";
    public override (string Zh, string En) Lead => ("暂不具备拆除条件的淘汰类工艺技术装备：已断水、断电，拆除动力装置，封存主体设备，企业已向社会公开承诺不再恢复生产，限时拆除，接受社会监督（按公告年度）。",
        "Banned equipment that could not be demolished at once: water and power cut, power units removed, the main equipment sealed, the enterprise committed in public not to resume, to be demolished by a set day (by the year of the notice).");
    public override (string Zh, string En) YearLabel => ("公告年度", "Year of the notice");
    public override (string Href, string Zh, string En)? Link(PublicListEntry entry) => ($"/public/sealed-equipment/{entry.CaseId}", "查看公告", "Notice");
}

/// <summary>摸排结果公示 (002 §四.(三): 6月底前全面摸排…并在政府门户网站向社会公示).</summary>
public sealed class CensusListModel(PublicListService lists, TimeProvider time) : PublicListModel(lists, time)
{
    public override PublicList List => PublicList.Census;
    public override string TitleZh => "落后产能摸排结果公示";
    public override string TitleEn => "Census of backward capacity";
    public override string Path => "/public/census";
    public override (string Zh, string En) Lead => ("本年度摸排认定的能耗、环保、质量、安全、技术达不到标准的落后生产设备及产能，及其目前的办理阶段（按认定年度；每年6月底前公示）。",
        "The backward equipment and capacity found failing an energy, environment, quality, safety or technology standard in the year, and where each stands now (by the year of the finding; published by the end of June).");
}
