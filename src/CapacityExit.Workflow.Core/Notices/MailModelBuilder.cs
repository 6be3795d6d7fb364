using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>The public address of the back office, for links to cases (CapacityExit:PublicBaseUrl).</summary>
public sealed record PublicLinks(string BaseUrl)
{
    public const string Key = "CapacityExit:PublicBaseUrl";
    public const string Default = "http://127.0.0.1:5080";

    public string Case(long id) => $"{BaseUrl.TrimEnd('/')}/cases/{id}";
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

    /// <summary>The deadline a message is about, with its explanation; null when it is about none.</summary>
    public DeadlineView? Deadline(CaseView c, WorkflowDefinition? d, JurisdictionProfile? profile, IReadOnlyDictionary<string, string> variables,
        string kind, string templateId, IReadOnlyDictionary<string, string> data)
    {
        var lastDayText = kind switch
        {
            MessageKinds.Reminder or MessageKinds.DeadlinePassed => data.GetValueOrDefault("detail"),
            MessageKinds.TaskAssigned => data.GetValueOrDefault("dueLastDay"),
            MessageKinds.TaskEscalation when DateTimeOffset.TryParse(data.GetValueOrDefault("dueAt"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) =>
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, ChinaTime.Zone).DateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
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
        var calculator = new DeadlineCalculator(runtime.Calendar);
        try
        {
            if (timer?.Due is PeriodDue p && Recompute(calculator, c, p, profile, variables) is { } result && result.LastDay == lastDay)
            {
                return new DeadlineView(lastDay, result.ExplainZh());
            }

            var roll = timer?.Due is DateDue dd ? dd.Roll : timer?.Due is PeriodDue pd && pd.Roll;
            return new DeadlineView(lastDay, calculator.FixedDate(lastDay, roll, timer?.Title ?? "办理期限").ExplainZh());
        }
        catch (YearNotCoveredException e)
        {
            return new DeadlineView(lastDay, $"期限最后一日为{MailModel.Zh(lastDay)}；{e.Message}");
        }
    }

    private static DeadlineResult? Recompute(DeadlineCalculator calculator, CaseView c, PeriodDue p, JurisdictionProfile? profile, IReadOnlyDictionary<string, string> variables)
    {
        DateOnly? start = p.From switch
        {
            PeriodDue.FindingDate => c.FindingDate,
            PeriodDue.Entered => null, // the day the state was entered is not kept apart from the history: explain as a named day
            var v => DateOnly.TryParse(variables.GetValueOrDefault(v), CultureInfo.InvariantCulture, out var x) ? x : null,
        };
        var period = p.Period.ProfileKey is { } key ? profile?.Periods.GetValueOrDefault(key)?.Text : p.Period.Text;
        if (period?.StartsWith("var:", StringComparison.Ordinal) == true || p.Period.Variable is not null)
        {
            period = variables.GetValueOrDefault(period?.StartsWith("var:", StringComparison.Ordinal) == true ? period[4..] : p.Period.Variable!);
        }

        return start is { } s && period is { Length: > 0 } text ? calculator.Compute(s, PeriodExpression.Parse(text), p.Roll) : null;
    }

    private static string? Segment(string? key, int index) => key?.Split('/') is { } parts && parts.Length > index ? parts[index] : null;
}
