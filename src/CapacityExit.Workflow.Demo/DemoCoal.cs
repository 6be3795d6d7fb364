using System.Text;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Programmes;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Demo;

/// <summary>
/// The coal programme for a person who opens the demo (000 §二 煤炭): in 郴州's 资兴市 a fictional coal mine, no case
/// against it (the 276 working days bind every mine), whose report of the latest past month with a statutory holiday
/// shows production every day of that month — so the holidays are breaches and 发改委 has the task on /programmes.
/// </summary>
public static class DemoCoal
{
    public const string MineName = "郴州示例煤业有限公司";

    public static async Task StageAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CapacityExitDbContext>();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "431081", cancellationToken);
        var mine = new Enterprise
        {
            Name = MineName, CreditCode = CreditCode.Complete("91431081MA9E00001"), Industry = Industry.Coal, CountyId = county.Id,
            ContactName = "演示联系人", ContactPhone = "000-0000-0901", ContactEmail = "coal-mine@example.org",
        };
        db.CapacityItems.Add(new CapacityItem { Enterprise = mine, Description = "井工煤矿（核定生产能力）", Amount = 30m, Unit = "万吨/年" });
        await db.SaveChangesAsync(cancellationToken);

        // The latest month before this one whose year's arrangement is entered and that has a public holiday.
        var calendar = services.GetRequiredService<ProgrammeDirectory>().Calendar;
        var today = ChinaTime.Today(time);
        for (var back = 1; back <= 12; back++)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-back);
            var days = Enumerable.Range(0, DateTime.DaysInMonth(first.Year, first.Month)).Select(first.AddDays).ToList();
            if (!calendar.Covers(first.Year) || calendar.IsProvisional(first.Year) || first.Year < today.Year - 1
                || !days.Any(d => calendar.Classify(d) == DayKind.PublicHoliday))
            {
                continue;
            }

            var text = new StringBuilder($"# {MineName} {first:yyyy年M月}生产日（演示）\n");
            text.Append($"{days[0]:yyyy-MM-dd}..{days[^1]:yyyy-MM-dd}\n");
            await services.GetRequiredService<ProgrammeService>()
                .RecordCoalReportAsync("chenzhou-development", new CoalReportInput(mine.Id, first.Year, first.Month, text.ToString()), cancellationToken);
            return;
        }
    }
}
