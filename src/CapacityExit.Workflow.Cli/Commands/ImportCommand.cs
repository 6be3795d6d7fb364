using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Spreadsheets;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>import census FILE --as LOGIN [--problems OUT.xlsx]</c>: the census (摸排) from an .xlsx of the template's columns
/// (<c>import census --template OUT.xlsx</c> writes the template). Every row is checked first: any wrong row and nothing is
/// written, each problem printed (row, column, value, reason) and, when asked, written as .xlsx; exit 1. Otherwise all
/// cases open in one transaction; rows opened before are not opened again.
/// </summary>
public sealed class ImportCommand : ICliCommand
{
    public string Name => "import";

    public string Usage => "import census FILE --as LOGIN [--problems OUT.xlsx] | import census --template OUT.xlsx";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count == 0 || args.Positionals[0] != "census")
        {
            throw new CliUsageException("应为 import census。", "expected 'import census'.");
        }

        if (args.Optional("template") is { } templatePath)
        {
            args.RejectUnknown();
            await File.WriteAllBytesAsync(templatePath, CensusImport.Template(), cancellationToken);
            await context.Out.WriteLineAsync($"已写出摸排导入模板：{templatePath}");
            return 0;
        }

        var path = args.Positionals is [_, var p] ? p : throw new CliUsageException("请给出要导入的 .xlsx 文件。", "give the .xlsx file to import.");
        var login = args.Required("as");
        var problemsPath = args.Optional("problems");
        args.RejectUnknown();
        if (!File.Exists(path))
        {
            throw new CliUsageException($"文件“{path}”不存在。", $"no file '{path}'.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        if (bytes.Length > UploadedFile.MaxBytes || UploadedFile.Detect(bytes) != DocumentKind.Xlsx)
        {
            throw new CliUsageException($"“{path}”不是 .xlsx 表格（或超过{UploadedFile.MaxBytes / 1024 / 1024}MB）。", $"'{path}' is not an .xlsx sheet (or larger than {UploadedFile.MaxBytes / 1024 / 1024} MB).");
        }

        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CensusImport>().ImportAsync(login, bytes, cancellationToken);
        if (!result.Succeeded)
        {
            await context.Error.WriteLineAsync($"有{result.Problems.Select(x => x.Row).Distinct().Count()}行需要更正，未导入任何数据。 Nothing imported: rows to correct below.");
            await context.Error.WriteLineAsync("row\tcolumn\tvalue\treason");
            foreach (var x in result.Problems)
            {
                await context.Error.WriteLineAsync($"{x.Row}\t{x.Column}\t{x.Value}\t{x.ReasonZh}（{x.ReasonEn}）");
            }

            if (problemsPath is not null)
            {
                await File.WriteAllBytesAsync(problemsPath, CensusImport.ProblemsSheet(result.Problems), cancellationToken);
                await context.Error.WriteLineAsync($"问题清单已写出：{problemsPath}");
            }

            return 1;
        }

        await context.Out.WriteLineAsync($"已立案 {result.Opened.Count} 件，流程已启动；{result.AlreadyOpened.Count} 行此前已立案，未重复立案。");
        foreach (var id in result.Opened)
        {
            await context.Out.WriteLineAsync($"opened\t{id}");
        }

        foreach (var (row, id) in result.AlreadyOpened)
        {
            await context.Out.WriteLineAsync($"already\trow {row}\t{id}");
        }

        return 0;
    }
}
