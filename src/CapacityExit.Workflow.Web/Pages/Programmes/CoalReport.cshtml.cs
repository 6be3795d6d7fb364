using System.Text;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Programmes;

/// <summary>
/// 煤矿生产日报告 (000 §二 煤炭): a mine's production days of one month, typed or as the production-days file
/// (docs/programmes.md), recorded and checked against the year's 276 working days and the statutory holidays by
/// ProgrammeService, as `programme coal-report` does; the breaches it finds are shown at once.
/// </summary>
[RequestSizeLimit(ProgrammeForm.MaxDaysFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ProgrammeForm.MaxDaysFileBytes + 64 * 1024)]
public sealed class CoalReportModel(ProgrammeService programmes, TimeProvider time) : PageModel
{
    public static readonly IReadOnlyList<string> FieldNames = ["enterprise", "year", "month", "days", "days-file"];

    public IReadOnlyList<CoalMine> Mines { get; private set; } = [];

    public IReadOnlyList<CoalProductionReport> Reports { get; private set; } = [];

    public CoalReportResult? Result { get; private set; }

    [BindProperty] public int? Enterprise { get; set; }
    [BindProperty] public string? Year { get; set; }
    [BindProperty] public string? Month { get; set; }
    [BindProperty] public string? Days { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // Offered first: last month, the one a mine reports now.
        var last = ChinaTime.Today(time).AddMonths(-1);
        (Year, Month) = (last.Year.ToString(), last.Month.ToString());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Enterprise is null || Mines.All(m => m.EnterpriseId != Enterprise))
        {
            ModelState.AddModelError("enterprise", Text.T("请选择煤矿", "choose the mine"));
        }

        if (!int.TryParse(Year, out var year))
        {
            ModelState.AddModelError("year", Text.T("请填写年份（如2026）", "give the year (e.g. 2026)"));
        }

        if (!int.TryParse(Month, out var month))
        {
            ModelState.AddModelError("month", Text.T("请选择月份", "choose the month"));
        }

        var text = Days;
        if (Request.Form.Files.GetFile("days-file") is { } file && (file.Length > 0 || file.FileName.Length > 0))
        {
            if (!string.IsNullOrWhiteSpace(Days))
            {
                ModelState.AddModelError("days-file", Text.T("请只用一种方式：填写生产日或上传文件", "type the days or upload the file, not both"));
            }
            else if (await ProgrammeForm.ReadTextAsync(file, cancellationToken) is { } read)
            {
                text = read;
            }
            else
            {
                ModelState.AddModelError("days-file", Text.T(
                    $"生产日文件应为UTF-8文本（.txt或.csv，每行一个日期或“起..止”区间，不超过{ProgrammeForm.MaxDaysFileBytes / 1024}KB）",
                    $"the production-days file must be UTF-8 text (.txt or .csv, a date or FROM..TO a line, at most {ProgrammeForm.MaxDaysFileBytes / 1024} KB)"));
            }
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = 400;
            return Page();
        }

        try
        {
            Result = await programmes.RecordCoalReportAsync(User.Identity!.Name!, new CoalReportInput(Enterprise!.Value, year, month, text), cancellationToken);
            Reports = await programmes.CoalReportsAsync(Mines.Select(m => m.EnterpriseId).ToList(), cancellationToken);
            Days = null;
            return Page();
        }
        catch (DomainValidationException e)
        {
            ProgrammeForm.AddErrors(ModelState, e, FieldNames);
        }
        catch (WorkflowRuleException e) when (e.Code == "role-not-allowed")
        {
            return Forbid();
        }
        catch (WorkflowRuleException e)
        {
            ModelState.AddModelError("month", Text.T(e.MessageZh, e.Message));
        }

        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>The mines the person may report for; none (an auditor, another bureau) is a 403.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Mines = await programmes.CoalMinesToReportAsync(User.Identity!.Name!, cancellationToken);
        if (Mines.Count == 0)
        {
            return Forbid();
        }

        Reports = await programmes.CoalReportsAsync(Mines.Select(m => m.EnterpriseId).ToList(), cancellationToken);
        return null;
    }

    public string MineName(int id) => Mines.FirstOrDefault(m => m.EnterpriseId == id)?.Name ?? id.ToString();
}
