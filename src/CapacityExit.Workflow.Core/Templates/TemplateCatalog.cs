using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Templates;

/// <summary>The kinds of message the outbox carries: the engine's six, and the two formal notices.</summary>
public static class MessageKinds
{
    public const string Reminder = "reminder";
    public const string DeadlinePassed = "deadline-passed";
    public const string TaskAssigned = "task-assigned";
    public const string TaskEscalation = "task-escalation";
    public const string Notice = "notice";
    public const string Recurring = "recurring";
    public const string CirculatedNotice = "circulated-notice"; // 通报
    public const string InterviewSummons = "interview-summons"; // 约谈
    public const string Digest = "digest"; // the daily digest per bureau (Scheduling/DailyDigestJob)
    public const string ReportReminder = "report-reminder"; // 提醒 of a report a county or bureau owes (Obligations/ObligationLadderJob)
    public const string DeadlinesMoved = "deadlines-moved"; // a year's holiday arrangement moved a bureau's deadlines (Calendar/YearArrival)

    public const string ProgrammeDuty = "programme-duty"; // a kiln shutdown's reminder and power notice, a programme task and its reminders (Programmes/)

    public const string PriceMeasure = "price-measure"; // 执行差别电价、惩罚性电价的通知 to the power supplier (Measures/PriceMeasureService)
    public const string PriceMeasureLifted = "price-measure-lifted"; // 停止执行的通知

    public static readonly IReadOnlyList<string> All = [Reminder, DeadlinePassed, TaskAssigned, TaskEscalation, Notice, Recurring, CirculatedNotice, InterviewSummons, Digest, ReportReminder, DeadlinesMoved, ProgrammeDuty, PriceMeasure, PriceMeasureLifted];

    /// <summary>The kinds issued as numbered documents (issued_notices, with a .docx): mailed as the document itself.</summary>
    public static bool IsFormalNotice(string kind) => kind is CirculatedNotice or InterviewSummons or PriceMeasure or PriceMeasureLifted;

    /// <summary>What a message of this kind is, in the words of the person who reads about it (the digest's failed mail).</summary>
    public static string Title(string kind) => kind switch
    {
        Reminder => "期限提醒", DeadlinePassed => "期限届满通知", TaskAssigned => "任务派发通知", TaskEscalation => "逾期催办",
        Notice => "通知", Recurring => "定期提醒", CirculatedNotice => "通报", InterviewSummons => "约谈通知", Digest => "每日待办",
        ReportReminder => "报送提醒", DeadlinesMoved => "期限调整通知", ProgrammeDuty => "专项工作通知", PriceMeasure => "价格措施通知",
        PriceMeasureLifted => "解除价格措施通知", _ => "邮件",
    };

    /// <summary>What a formal notice is called in a history line or a file name.</summary>
    public static string NoticeTitle(string kind) => kind switch
    {
        CirculatedNotice => "通报",
        InterviewSummons => "约谈",
        PriceMeasure => "价格措施通知",
        PriceMeasureLifted => "解除价格措施通知",
        _ => kind,
    };
}

/// <summary>
/// The mail and notice templates under <c>workflows/templates/&lt;language&gt;/</c>: one per message kind
/// (<c>zh/reminder.liquid</c>), optionally one per template id the engine emits (<c>zh/energy/rectification-deadline.liquid</c>),
/// which wins over the kind's. Chinese is the language of record; English is kept alongside.
/// </summary>
public sealed class TemplateCatalog
{
    public const string Chinese = "zh";
    public const string English = "en";
    public static readonly IReadOnlyList<string> Languages = [Chinese, English];

    private readonly Dictionary<(string Language, string Key), MailTemplate> _templates;

    private TemplateCatalog(Dictionary<(string, string), MailTemplate> templates) => _templates = templates;

    public IReadOnlyCollection<MailTemplate> Templates => _templates.Values;

    /// <summary>
    /// Reads every template, checks each parses and renders against the full model, that every kind has a
    /// template in every language, and (given the workflows) that every specific template answers to a template
    /// id the engine can emit. Throws one <see cref="TemplateException"/> listing every file:line:column: reason.
    /// </summary>
    public static TemplateCatalog LoadFromDirectory(string templatesDirectory, WorkflowCatalog? workflows = null, string? displayRoot = null)
    {
        var errors = new List<TemplateError>();
        var templates = new Dictionary<(string, string), MailTemplate>();
        var shownRoot = displayRoot ?? Path.GetDirectoryName(Path.GetFullPath(templatesDirectory).TrimEnd(Path.DirectorySeparatorChar))!;
        foreach (var language in Languages)
        {
            var folder = Path.Combine(templatesDirectory, language);
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.liquid", SearchOption.AllDirectories) : [];
            foreach (var path in files.Order(StringComparer.Ordinal))
            {
                var key = Path.GetRelativePath(folder, path)[..^".liquid".Length].Replace(Path.DirectorySeparatorChar, '/');
                var shown = Path.GetRelativePath(shownRoot, path).Replace(Path.DirectorySeparatorChar, '/');
                try
                {
                    var template = MailTemplate.Parse(shown, language, key, File.ReadAllText(path));
                    var kind = MessageKinds.All.Contains(key) ? key : workflows is null ? MessageKinds.Notice : KindOf(workflows, key);
                    template.Render(MailModel.Sample(kind ?? MessageKinds.Notice, key).ToLiquid());
                    templates[(language, key)] = template;
                    if (kind is null)
                    {
                        errors.Add(new TemplateError(shown, 1, 1, $"'{key}' is neither a message kind ({string.Join(", ", MessageKinds.All)}) nor a template id the workflows emit"));
                    }
                }
                catch (TemplateException e)
                {
                    errors.AddRange(e.Errors);
                }
            }

            foreach (var kind in MessageKinds.All.Where(k => !files.Any(f => Path.GetFileNameWithoutExtension(f) == k && Path.GetDirectoryName(f) == folder)))
            {
                errors.Add(new TemplateError(Path.GetRelativePath(shownRoot, Path.Combine(folder, kind + ".liquid")).Replace(Path.DirectorySeparatorChar, '/'), 0, 0,
                    $"missing: every message of kind '{kind}' needs a {language} template"));
            }
        }

        return errors.Count > 0 ? throw new TemplateException(errors) : new TemplateCatalog(templates);
    }

    /// <summary>The template for a message: the one for its template id if there is one, else its kind's.</summary>
    public MailTemplate Find(string language, string kind, string templateId) =>
        _templates.GetValueOrDefault((language, templateId))
        ?? _templates.GetValueOrDefault((language, kind))
        ?? throw new KeyNotFoundException($"no {language} template for kind '{kind}' (template id '{templateId}')");

    /// <summary>Every (kind, template id) the engine can put in the outbox for these workflows (Step.cs, Commands.cs, WorkflowEngine.cs).</summary>
    public static IEnumerable<(string Kind, string TemplateId)> Emittable(WorkflowCatalog workflows)
    {
        foreach (var d in workflows.Definitions)
        {
            yield return (MessageKinds.Reminder, $"{d.Id}/reminder");
            yield return (MessageKinds.TaskEscalation, $"{d.Id}/task-escalation");
            foreach (var timer in d.States.Values.SelectMany(s => s.Timers).Concat(d.CaseTimers))
            {
                yield return (timer.Due is RecurringDue ? MessageKinds.Recurring : MessageKinds.DeadlinePassed, $"{d.Id}/{timer.Name}");
            }

            foreach (var state in d.States.Values)
            {
                if (state.NotifyOnEntry.Count > 0)
                {
                    yield return (MessageKinds.Notice, $"{d.Id}/{state.Name}");
                }

                foreach (var task in state.Tasks)
                {
                    yield return (MessageKinds.TaskAssigned, $"{d.Id}/{task.Name}");
                }

                foreach (var t in state.On.Concat(state.Tasks.SelectMany(t => t.Outcomes)).Where(t => t.Notify.Count > 0))
                {
                    yield return (MessageKinds.Notice, $"{d.Id}/{t.Event}");
                }
            }

            foreach (var t in d.FromAnyOpenState.Where(t => t.Notify.Count > 0))
            {
                yield return (MessageKinds.Notice, $"{d.Id}/{t.Event}");
            }
        }
    }

    /// <summary>Checks every message the workflows can emit finds a template in every language; returns the gaps.</summary>
    public IReadOnlyList<string> Uncovered(WorkflowCatalog workflows) =>
        Emittable(workflows).Distinct()
            .SelectMany(e => Languages.Where(l => !_templates.ContainsKey((l, e.TemplateId)) && !_templates.ContainsKey((l, e.Kind)))
                .Select(l => $"{l}: {e.Kind} {e.TemplateId}"))
            .ToList();

    private static string? KindOf(WorkflowCatalog workflows, string templateId) =>
        Emittable(workflows).Where(e => e.TemplateId == templateId).Select(e => e.Kind).FirstOrDefault();
}
