using System.Globalization;
using CapacityExit.Workflow.Core.Calendar;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Admin.Calendar;

/// <summary>Administrators enter a year's State Council arrangement; CalendarAdministration checks it and keeps it in the database.</summary>
public sealed class AddModel(CalendarAdministration calendars, TimeProvider time) : PageModel
{
    /// <summary>The holidays a State Council notice lists, in its order (国务院办公厅关于…部分节假日安排的通知).</summary>
    public static readonly string[] Holidays = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"];

    [BindProperty]
    public YearForm Input { get; set; } = new();

    [TempData]
    public string? Done { get; set; }

    public void OnGet()
    {
        var next = ChinaTime.Today(time).Year + 1;
        Input.Year = next.ToString(CultureInfo.InvariantCulture);
        Input.Notice = $"国务院办公厅关于{next}年部分节假日安排的通知";
        Input.Holidays = Holidays.Select(h => new HolidayForm { Name = h }).ToList();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var year = int.TryParse(Input.Year?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
        if (year is null)
        {
            ModelState.AddModelError("Input.Year", Text.T("请填写四位数年度，如 2027", "write the year as four digits, e.g. 2027"));
        }

        var arrangements = new List<HolidayArrangement>();
        for (var i = 0; i < Input.Holidays.Count && i < Holidays.Length * 2; i++)
        {
            var h = Input.Holidays[i];
            if (string.IsNullOrWhiteSpace(h.First) && string.IsNullOrWhiteSpace(h.Last) && string.IsNullOrWhiteSpace(h.Work))
            {
                continue; // a holiday row left empty is not part of the arrangement
            }

            var key = $"Input.Holidays[{i}]";
            if (string.IsNullOrWhiteSpace(h.Name) || h.Name.Length > 20 || InputText.HasControlCharacters(h.Name))
            {
                ModelState.AddModelError($"{key}.Name", Text.T("请填写节日名称（最多20字）", "give the holiday's name (at most 20 characters)"));
            }

            var first = Date(h.First, $"{key}.First", required: true);
            var last = string.IsNullOrWhiteSpace(h.Last) ? first : Date(h.Last, $"{key}.Last", required: false);
            var work = new List<DateOnly>();
            foreach (var part in (h.Work ?? "").Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Date(part, $"{key}.Work", required: true) is { } d)
                {
                    work.Add(d);
                }
            }

            if (first is { } f && last is { } l)
            {
                arrangements.Add(new HolidayArrangement(h.Name?.Trim() ?? "", f, l, work));
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var result = await calendars.AddYearAsync(year!.Value, Input.Notice, arrangements, Input.Replace, cancellationToken, User.Identity?.Name ?? "web");
            var added = result.Year;
            var recomputed = result.Recomputed;
            Done = Text.T($"已写入{added.Year}年放假安排（{added.Holidays.Count}个节日）。{recomputed?.Zh}。各服务器即时按此安排计算期限。",
                $"The {added.Year} arrangement ({added.Holidays.Count} holidays) is written. {recomputed?.En}. Every host counts deadlines on it from now on.");
            return Redirect($"/admin/calendar?year={added.Year}");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("year", "Input.Year"), ("notice", "Input.Notice"), ("holidays", "Input.Holidays"));
            return Page();
        }
    }

    private DateOnly? Date(string? text, string key, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                ModelState.AddModelError(key, Text.T("请填写日期（年-月-日）", "give the date (year-month-day)"));
            }

            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        ModelState.AddModelError(key, Text.T($"“{text}”不是日期：请按 年-月-日 填写，如 2027-02-06", $"'{text}' is not a date: write it as year-month-day, e.g. 2027-02-06"));
        return null;
    }

    public sealed class YearForm
    {
        public string? Year { get; set; }

        public string? Notice { get; set; }

        public bool Replace { get; set; }

        public List<HolidayForm> Holidays { get; set; } = [];
    }

    public sealed class HolidayForm
    {
        public string? Name { get; set; }

        public string? First { get; set; }

        public string? Last { get; set; }

        public string? Work { get; set; }
    }
}
