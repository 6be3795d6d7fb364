using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>The notice services over one scope of a <see cref="WorkflowTestHost"/>, built as NoticeServices registers them.</summary>
public sealed class NoticeKit
{
    public static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["CapacityExit:Mail:Directory:power-supplier"] = "示例供电局 <power.example@example.org>; grid.example@example.org",
    }).Build();

    public NoticeKit(IServiceProvider scope, WorkflowTestHost host)
    {
        var runtime = scope.GetRequiredService<WorkflowRuntime>();
        Db = scope.GetRequiredService<CapacityExitDbContext>();
        Runtime = runtime;
        Templates = TemplateCatalog.LoadFromDirectory(Path.Combine(RepoPaths.Root, "workflows", "templates"), runtime.Catalog, RepoPaths.Root);
        Settings = NoticeSettings.Load(NoticeSettings.PathUnder(Path.Combine(RepoPaths.Root, "workflows")), runtime.Catalog.Profiles.Select(p => p.Id));
        Directory = new RecipientDirectory(Db, Configuration, runtime, Settings);
        Models = new MailModelBuilder(Db, runtime, new PublicLinks(PublicLinks.Default));
        Notices = new NoticeService(Db, Directory, Models, Templates, Settings, host.Time);
        Drafter = new TemplateMailDrafter(Db, Directory, Models, Templates, Notices, new ComposerOptions(new MailRecipient("平台", "noreply@example.org"), TemplateCatalog.Chinese));
    }

    public CapacityExitDbContext Db { get; }

    public WorkflowRuntime Runtime { get; }

    public TemplateCatalog Templates { get; }

    public NoticeSettings Settings { get; }

    public RecipientDirectory Directory { get; }

    public MailModelBuilder Models { get; }

    public NoticeService Notices { get; }

    public TemplateMailDrafter Drafter { get; }

    public static Task<T> RunAsync<T>(WorkflowTestHost host, Func<NoticeKit, Task<T>> action) =>
        host.InScopeAsync(sp => action(new NoticeKit(sp, host)));
}
