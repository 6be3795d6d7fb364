using System.Globalization;
using CapacityExit.Workflow.Core.Agenda;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CapacityExit.Workflow.Web.Pages.Calendar;

/// <summary>The bureau and county filters of the calendar pages, read from the query string; a bad value is said and ignored.</summary>
public static class CalendarQuery
{
    public static AgendaFilter Filter(string? bureau, string? county, ModelStateDictionary errors) =>
        new(Id(bureau, "Bureau", errors), Id(county, "County", errors));

    public static string Query(string? bureau, string? county) =>
        (string.IsNullOrWhiteSpace(bureau) ? "" : $"&bureau={Uri.EscapeDataString(bureau)}") + (string.IsNullOrWhiteSpace(county) ? "" : $"&county={Uri.EscapeDataString(county)}");

    private static int? Id(string? text, string key, ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors.AddModelError(key, Text.T($"“{text}”不是可选的{(key == "Bureau" ? "部门" : "县市区")}，已显示全部", $"'{text}' is not a {(key == "Bureau" ? "bureau" : "county")} to choose; showing all"));
        return null;
    }
}
