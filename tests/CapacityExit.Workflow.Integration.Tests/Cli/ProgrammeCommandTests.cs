using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>
/// capacity-exit forecast --kiln-day and coal check, in-process on the checkout's workflows and calendar (neither
/// writes anything): the monthly kiln shutdown days (000 §二 水泥) and a coal mine's breaches (000 §二 煤炭).
/// </summary>
public sealed class ProgrammeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("capacity-exit-coal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Kiln_day_31_prints_each_months_day_one_ISO_date_a_line()
    {
        var (code, output, error) = await Run("forecast", "--kiln-day", "31", "--from", "2026-01-01", "--until", "2026-12-31");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(
            "2026-01-31\n2026-02-28\n2026-03-31\n2026-04-30\n2026-05-31\n2026-06-30\n2026-07-31\n2026-08-31\n2026-09-30\n2026-10-31\n2026-11-30\n2026-12-31\n",
            output);
    }

    [Theory]
    [InlineData("--kiln-day 32 --from 2026-01-01 --until 2026-12-31", "--kiln-day '32' is not a day of the month")]
    [InlineData("--kiln-day 15 --from 2026-01-01", "--until is required")]
    [InlineData("--kiln-day 15 --from 2026-12-31 --until 2026-01-01", "must not be before --from")]
    public async Task Kiln_day_mistakes_are_named(string args, string why)
    {
        var (code, output, error) = await Run(["forecast", .. args.Split(' ')]);
        Assert.Equal((2, ""), (code, output));
        Assert.Contains(why, error);
    }

    [Fact]
    public async Task Coal_check_prints_holiday_production_and_the_days_past_276()
    {
        var lines = new List<string> { "# 示例煤矿 2026年：周一至周六生产，国庆节照常", "2026-10-01" };
        for (var d = new DateOnly(2026, 1, 1); d.Year == 2026; d = d.AddDays(1))
        {
            if (d.DayOfWeek != DayOfWeek.Sunday && !IsHoliday2026(d))
            {
                lines.Add(d.ToString("yyyy-MM-dd"));
            }
        }

        var file = Path.Combine(_dir, "days.txt");
        await File.WriteAllLinesAsync(file, lines);
        var (code, output, error) = await Run("coal", "check", "--year", "2026", "--days", file);
        Assert.Equal(0, code);
        var printed = output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("2026-10-01\tholiday\t2026-10-01 法定节假日（国庆节）安排生产", printed[0]);
        Assert.All(printed.Skip(1), l => Assert.Contains("\tover-allowance\t", l));
        Assert.StartsWith("2026-12-31\tover-allowance\t", printed[^1]);
        Assert.Contains($"{lines.Count - 1} 个生产日", error);
    }

    [Fact]
    public async Task A_wrong_line_in_the_days_file_is_named_and_nothing_is_printed()
    {
        var file = Path.Combine(_dir, "bad.txt");
        await File.WriteAllTextAsync(file, "2026-01-05..2026-01-09\n2026-02-30\n");
        var (code, output, error) = await Run("coal", "check", "--year", "2026", "--days", file);
        Assert.Equal((2, ""), (code, output));
        Assert.Contains("第2行：“2026-02-30”不是日期", error);
        Assert.Contains("line 2: '2026-02-30' is not a date", error);
    }

    private static bool IsHoliday2026(DateOnly d) =>
        (d >= new DateOnly(2026, 1, 1) && d <= new DateOnly(2026, 1, 3)) || (d >= new DateOnly(2026, 2, 15) && d <= new DateOnly(2026, 2, 23))
        || (d >= new DateOnly(2026, 4, 4) && d <= new DateOnly(2026, 4, 6)) || (d >= new DateOnly(2026, 5, 1) && d <= new DateOnly(2026, 5, 5))
        || (d >= new DateOnly(2026, 6, 19) && d <= new DateOnly(2026, 6, 21)) || (d >= new DateOnly(2026, 9, 25) && d <= new DateOnly(2026, 9, 27))
        || (d >= new DateOnly(2026, 10, 1) && d <= new DateOnly(2026, 10, 7));

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, new CliContext(output, error, TimeProvider.System, () => RepoPaths.Root));
        return (code, output.ToString(), error.ToString());
    }
}
