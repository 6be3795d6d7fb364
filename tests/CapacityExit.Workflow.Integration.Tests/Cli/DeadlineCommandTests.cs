using System.Runtime.CompilerServices;
using CapacityExit.Workflow.Cli;

namespace CapacityExit.Workflow.Integration.Tests.Cli;

/// <summary>
/// capacity-exit deadline and calendar, run in-process against a copy of the shipped calendar in a temporary
/// installation root (calendar add must never touch the checkout's file). In the CLI-environment collection: with a
/// connection string in the environment (another CLI test's), calendar add would recount that database's cases.
/// </summary>
[Collection("cli-environment")]
public sealed class DeadlineCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("capacity-exit-cli-").FullName;

    public DeadlineCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "workflows", "calendar"));
        File.Copy(Path.Combine(RepoRoot(), "workflows", "calendar", "cn-holidays.txt"), CalendarPath);
    }

    private string CalendarPath => Path.Combine(_root, "workflows", "calendar", "cn-holidays.txt");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Prints_the_last_day_alone_then_the_Chinese_explanation()
    {
        var (code, output, error) = await Run("deadline", "--from", "2024-08-31", "--period", "P6M");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.Split('\n');
        Assert.Equal("2025-02-28", lines[0]);
        Assert.StartsWith("期间：6个月（P6M）", lines[1], StringComparison.Ordinal);
        Assert.Contains("到期月没有对应日", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rolls_a_chain_off_National_Day_and_explains_in_English_on_request()
    {
        var (code, output, _) = await Run("deadline", "--from", "2025-04-01", "--period", "P6M+P3M", "--lang", "en");

        Assert.Equal(0, code);
        Assert.StartsWith("2026-01-09\n", output, StringComparison.Ordinal);
        Assert.Contains("rolled over Wed 2025-10-01: 国庆节、中秋节 holiday", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_roll_keeps_a_holiday_as_the_last_day()
    {
        var (code, output, _) = await Run("deadline", "--from", "2025-04-01", "--period", "P6M", "--no-roll");

        Assert.Equal(0, code);
        Assert.StartsWith("2025-10-01\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--period P6M", "--from is required")]
    [InlineData("--from 2024-02-30 --period P6M", "'2024-02-30' is not a date")]
    [InlineData("--from 2024-08-31 --period P6X", "at position 3: unknown unit 'X'")]
    [InlineData("--from 2026-08-01 --period P6M", "does not cover 2027")]
    [InlineData("--from 2024-08-31 --period P6M --lang fr", "--lang 'fr'")]
    [InlineData("--from 2024-08-31 --period P6M --roll", "Unknown option(s): --roll")]
    public async Task Bad_arguments_exit_2_with_a_specific_message(string arguments, string message)
    {
        var (code, output, error) = await Run(["deadline", .. arguments.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_calendar_file_is_reported_with_its_line()
    {
        await File.AppendAllTextAsync(CalendarPath, "春节 2026-13-01\n");
        var (code, _, error) = await Run("deadline", "--from", "2024-08-31", "--period", "P6M");

        Assert.Equal(1, code);
        Assert.Contains("cn-holidays.txt:", error, StringComparison.Ordinal);
        Assert.Contains("'2026-13-01' is not a date", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_show_and_check()
    {
        var (showCode, show, _) = await Run("calendar", "show", "--year", "2026");
        var (checkCode, check, _) = await Run("calendar", "check", "2025-10-11");

        Assert.Equal((0, 0), (showCode, checkCode));
        Assert.Contains("春节：2026-02-15（周日） 至 2026-02-23（周一） 放假，共9天；2026-02-14（周六）、2026-02-28（周六） 调休上班", show, StringComparison.Ordinal);
        Assert.Contains("调休上班日（国庆节、中秋节）", check, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_add_writes_a_new_year_that_deadlines_then_use()
    {
        var (code, _, error) = await Run("calendar", "add", "--year", "2027", "--notice", "国务院办公厅关于2027年部分节假日安排的通知",
            "--holiday", "元旦:2027-01-01..2027-01-03;春节:2027-02-06..2027-02-13:work=2027-02-14,2027-02-20");
        Assert.True(code == 0, error);

        var (deadlineCode, output, _) = await Run("deadline", "--from", "2026-08-06", "--period", "P6M");
        Assert.Equal(0, deadlineCode);
        Assert.StartsWith("2027-02-14\n", output, StringComparison.Ordinal); // 2027-02-06 rolled over 春节 to the 调休 Sunday
        Assert.Contains("[2027] 国务院办公厅关于2027年部分节假日安排的通知", await File.ReadAllTextAsync(CalendarPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026", "元旦:2026-01-01", "already has 2026")]
    [InlineData("2027", "春节:2027-02-06..2027-02-13:work=2027-02-15", "2027-02-15 is a Monday, not a weekend day")]
    [InlineData("2027", "春节:2027-02-13..2027-02-06", "ends (2027-02-06) before it starts")]
    [InlineData("2027", "春节:2027-02-06..2026-02-30", "'2026-02-30' is not a date")]
    [InlineData("2027", "春节", "is not NAME:")]
    public async Task Calendar_add_refuses_bad_input_and_writes_nothing(string year, string holiday, string message)
    {
        var before = await File.ReadAllTextAsync(CalendarPath);
        var (code, _, error) = await Run("calendar", "add", "--year", year, "--notice", "通知", "--holiday", holiday);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(CalendarPath));
    }

    [Fact]
    public async Task Calendar_add_replaces_a_covered_year_only_when_asked()
    {
        var (code, _, error) = await Run("calendar", "add", "--year", "2026", "--notice", "更正", "--holiday", "元旦:2026-01-01", "--replace");

        Assert.True(code == 0, error);
        Assert.Contains("[2026] 更正\n元旦            2026-01-01\n", await File.ReadAllTextAsync(CalendarPath), StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, new CliContext(output, error, TimeProvider.System, () => _root));
        return (code, output.ToString(), error.ToString());
    }

    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        // With --artifacts-path the binaries live outside the checkout; the source file's path still leads to it.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CapacityExit.Workflow.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"CapacityExit.Workflow.sln not found above {AppContext.BaseDirectory} or {sourceFile}.");
    }
}
