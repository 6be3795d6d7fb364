using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CapacityExit.Workflow.Cli;

/// <summary>The host's own services, without its web server or background loops, for commands that act on cases.</summary>
public static class CliServices
{
    public static IHost Build(CliContext context)
    {
        var root = context.Root();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root, DisableDefaults = false });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(context.Time);
        try
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration[CapacityExitSettings.ConnectionKey]) && PrivateClusterIn(context) is { } cluster)
            {
                builder.Configuration.AddInMemoryCollection([new(CapacityExitSettings.ConnectionKey, cluster)]);
            }

            builder.AddCapacityExitCore();
            var runtime = builder.AddCapacityExitWorkflows(root, runDispatcher: false);
            Core.Reporting.ReportingServices.AddCapacityExitReporting(builder);
            Core.Programmes.ProgrammeServices.AddCapacityExitProgrammes(builder, withJob: false);
            Core.Measures.MeasureServices.AddCapacityExitMeasures(builder, root, runtime);
        }
        catch (ConfigurationValueException e)
        {
            throw Configuration(e);
        }

        return builder.Build();
    }

    /// <summary>A database context on the configured connection (appsettings.json, then the environment), for commands without a host.</summary>
    public static CapacityExitDbContext Database(CliContext context)
    {
        try
        {
            var configuration = HostConfiguration.Load(context.Root());
            var connection = configuration[CapacityExitSettings.ConnectionKey];
            var settings = string.IsNullOrWhiteSpace(connection) && PrivateClusterIn(context) is { } cluster
                ? CapacityExitSettings.From(new ConfigurationBuilder().AddInMemoryCollection([new(CapacityExitSettings.ConnectionKey, cluster)]).Build())
                : CapacityExitSettings.From(configuration);
            return new CapacityExitDbContext(Core.Data.Database.Options(settings.ConnectionString));
        }
        catch (ConfigurationValueException e)
        {
            throw Configuration(e);
        }
    }

    /// <summary>No connection string configured: the private cluster scripts/start.sh runs, if it runs; said on stderr.</summary>
    private static string? PrivateClusterIn(CliContext context)
    {
        if (ProjectCluster.Find(context.Root()) is not { } found)
        {
            return null;
        }

        context.Error.WriteLine(found.Note);
        return found.ConnectionString;
    }

    private static CliUsageException Configuration(ConfigurationValueException e) => e.Key == CapacityExitSettings.ConnectionKey
        ? new($"未配置可用的数据库连接（{e.Key}），且 .data/pg 下没有正在运行的私有数据库：请先运行 scripts/start.sh，或设置环境变量 ConnectionStrings__Default。",
            e.Message)
        : new($"配置项 {e.Key} 有误。", e.Message);

    /// <summary>Runs a case-service call, turning refusals into a message on stderr and exit code 2.</summary>
    public static async Task<int> RefusalsToExitCode(CliContext context, Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (DomainValidationException e)
        {
            foreach (var error in e.Errors)
            {
                await context.Error.WriteLineAsync($"{error.Field}: {error.MessageZh} ({error.MessageEn})");
            }

            return CliApp.UsageExitCode;
        }
        catch (WorkflowRuleException e)
        {
            await context.Error.WriteLineAsync($"[{e.Code}] {e.MessageZh} ({e.Message})");
            return CliApp.UsageExitCode;
        }
    }

    /// <summary>--data key=value options, repeated.</summary>
    public static Dictionary<string, string> Data(CliArgs args)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in args.All("data"))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                throw new CliUsageException($"--data “{pair}”应写作 键=值。", $"--data '{pair}' is not key=value.");
            }

            data[pair[..eq]] = pair[(eq + 1)..];
        }

        return data;
    }

    public static long CaseId(CliArgs args, bool required = true)
    {
        var text = required ? args.Required("case") : args.Optional("case");
        return long.TryParse(text, out var id) && id > 0 ? id : throw new CliUsageException($"--case “{text}”不是案件编号。", $"--case '{text}' is not a case number.");
    }

    public static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Domain.Deadlines.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm");
}
