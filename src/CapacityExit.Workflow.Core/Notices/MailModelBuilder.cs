using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>
/// The public address of the back office, for links to cases (CapacityExit:PublicBaseUrl): the case page that the
/// web back office serves at /cases/{id}.
/// </summary>
public sealed record PublicLinks(string BaseUrl)
{
    public const string Key = "CapacityExit:PublicBaseUrl";
    public const string Default = "http://127.0.0.1:5080";

    public string Case(long id) => $"{BaseUrl.TrimEnd('/')}/cases/{id}";

    /// <summary>The setting, checked: an absolute http or https address with a host and no query or fragment.</summary>
    public static PublicLinks From(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new PublicLinks(Default);
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ConfigurationValueException(Key,
                $"'{text}' is not an absolute http or https address such as https://tth.example.gov.cn (应为完整的 http/https 网址，邮件中的案件链接由此生成)");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ConfigurationValueException(Key, $"'{text}' has a query or fragment; give the base address only (只填写网址前缀，不含 ? 或 #)");
        }

        return new PublicLinks(uri.GetLeftPart(UriPartial.Path));
    }
}

/// <summary>
/// Builds what a template sees for a case message: the enterprise, its capacity, the standard, the case's
/// state, the step the message is about (its title in the definition), and the deadline with its legal
/// explanation — the one in the message data if the engine gave one, else recomputed from the case's period
/// (DeadlineCalculator, so the mail says the same as `capacity-exit deadline`).
/// </summary>
public sealed class MailModelBuilder(CapacityExitDbContext db, WorkflowRuntime runtime, PublicLinks links)
{
    public async Task<(CaseView View, WorkflowDefinition? Definition, JurisdictionProfile? Profile, IReadOnlyDictionary<string, string> Variables)> CaseAsync(
        long caseId, CancellationToken cancellationToken)
    {
        var c = await db.Cases.AsNoTracking().Include(x => x.CapacityItem!.Enterprise!.County!.Parent)
            .SingleOrDefaultAsync(x => x.Id == caseId, cancellationToken) ?? throw new KeyNotFoundException($"case {caseId} does not exist");
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.CaseId == caseId, cancellationToken);
        WorkflowDefinition? definition = null;
        JurisdictionProfile? profile = null;
        var variables = new Dictionary<string, string>();
        if (instance is not null && runtime.Catalog.TryGet(instance.DefinitionId, instance.Version, out var d))
        {
            definition = d;
            profile = runtime.Catalog.Profiles.FirstOrDefault(p => p.Id == instance.ProfileId);
            variables = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(instance.Variables) ?? [];
        }

        var enterprise = c.CapacityItem!.Enterprise!;
        var stateTitle = instance is not null && definition?.States.GetValueOrDefault(instance.State) is { } s ? s.Title : null;
        var view = new CaseView(c.Id, links.Case(c.Id), c.FindingDate, c.LegalBasis, stateTitle, enterprise.Name, enterprise.CreditCode,
            enterprise.County!.NameZh, enterprise.County.Parent?.NameZh ?? "", c.CapacityItem.Description, c.CapacityItem.Amount, c.CapacityItem.Unit, c.Standard);
        return (view, definition, profile, variables);
    }

    /// <summary>The title of the step a message is about: the timer, task, state or transition its template id names.</summary>
    public static string? StepTitle(WorkflowDefinition? d, string kind, string templateId, IReadOnlyDictionary<string, string> data)
    {
        if (d is null)
        {
            return null;
        }

        var name = templateId[(templateId.IndexOf('/') + 1)..];
        var timers = d.States.Values.SelectMany(s => s.Timers).Concat(d.CaseTimers).ToList();
        var tasks = d.States.Values.SelectMany(s => s.Tasks).ToList();
        return kind switch
        {
            MessageKinds.Reminder => timers.FirstOrDefault(t => t.Name == Segment(data.GetValueOrDefault("timer"), 1))?.Title,
            MessageKinds.TaskEscalation => tasks.FirstOrDefault(t => t.Name == Segment(data.GetValueOrDefault("detail"), 1))?.Title,
            MessageKinds.TaskAssigned => tasks.FirstOrDefault(t => t.Name == name)?.Title,
            MessageKinds.Notice => d.States.GetValueOrDefault(name)?.Title
                ?? d.States.Values.SelectMany(s => s.On.Concat(s.Tasks.SelectMany(t => t.Outcomes))).Concat(d.FromAnyOpenState)
                    .FirstOrDefault(t => t.Event == name)?.Title,
            _ => timers.FirstOrDefault(t => t.Name == name)?.Title,
        };
    }

    /// <summary>
    /// The deadline a message is about, with its explanation in the recipient's language (zh or en); null when it is
    /// about none. A date in a year the holiday calendar does not cover yet is explained as the workflow computed it,
    /// provisionally, and said to be so: a mail never shows the calculus's refusal.
    /// </summary>
    public DeadlineView? Deadline(CaseView c, WorkflowDefinition? d, JurisdictionProfile? profile, IReadOnlyDictionary<string, string> variables,
        string kind, string templateId, IReadOnlyDictionary<string, string> data, string language = "zh")
    {
        var lastDayText = kind switch
        {
            MessageKinds.Reminder or MessageKinds.DeadlinePassed => data.GetValueOrDefault("detail"),
            MessageKinds.TaskAssigned => data.GetValueOrDefault("dueLastDay"),
            MessageKinds.TaskEscalation when DateTimeOffset.TryParse(data.GetValueOrDefault("dueAt"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) =>
                ChinaTime.LastDayEndingAt(due).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => data.GetValueOrDefault("newLastDay"),
        };
        if (!DateOnly.TryParseExact(lastDayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var lastDay))
        {
            return null;
        }

        if (data.GetValueOrDefault("explanation") is { Length: > 0 } given)
        {
            return new DeadlineView(lastDay, given);
        }

        var timerName = kind == MessageKinds.Reminder ? Segment(data.GetValueOrDefault("timer"), 1) : templateId[(templateId.IndexOf('/') + 1)..];
        var timer = d?.States.Values.SelectMany(s => s.Timers).FirstOrDefault(t => t.Name == timerName);
        return CaseDeadlines.Explain(runtime, timer, c.FindingDate, profile, variables, lastDay) is { } explained
            ? new DeadlineView(lastDay, explained.Explain(language))
            // Beyond even the provisional years: the last day as recorded, and why it is not final.
            : new DeadlineView(lastDay, language == "en"
                ? $"Last day {lastDay:yyyy-MM-dd}; {ProvisionalDates.En([lastDay.Year])}."
                : $"期限最后一日为{MailModel.Zh(lastDay)}；{ProvisionalDates.Zh([lastDay.Year])}。");
    }

    private static string? Segment(string? key, int index) => key?.Split('/') is { } parts && parts.Length > index ? parts[index] : null;
}
