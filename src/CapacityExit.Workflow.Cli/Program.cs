using System.Text;
using CapacityExit.Workflow.Cli;
using CapacityExit.Workflow.Core.Hosting;

Console.OutputEncoding = new UTF8Encoding(false);
var context = new CliContext(Console.Out, Console.Error, TimeProvider.System, () => ProjectPaths.FindRoot());
return await CliApp.RunAsync(args, context);
