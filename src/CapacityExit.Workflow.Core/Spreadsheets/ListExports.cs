using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Public;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Spreadsheets;

/// <summary>
/// The columns of every list that goes out as .xlsx, the same on the web and in <c>export</c>: each list's page columns,
/// in Chinese, in the page's order.
/// </summary>
public static class ListExports
{
    public static IReadOnlyList<XlsxColumn<CaseRow>> Cases(CaseListService list) =>
    [
        new("案号", r => r.Id), new("企业名称", r => r.Enterprise), new("统一社会信用代码", r => r.CreditCode), new("县（市、区）", r => r.County),
        new("生产线或主体设备", r => r.Item), new("行业", r => r.Industry.Zh()), new("产能", r => r.Amount), new("单位", r => r.Unit),
        new("标准", r => r.Standard.Zh()), new("办理阶段", r => list.StateTitle(r.DefinitionId, r.Version, r.State)),
        new("红黄牌", r => list.CardOf(r) switch { Card.Yellow => "黄牌", Card.Red => "红牌", _ => "" }), new("责任部门", r => r.Bureau),
        new("认定日期", r => r.FindingDate), new("下一期限", r => r.NextDeadline is { } d ? ChinaTime.LastDayEndingAt(d) : null),
    ];

    /// <summary>Every page of the filtered case list, through the same query the page runs.</summary>
    public static async Task<IReadOnlyList<CaseRow>> AllCasesAsync(CaseListService list, string? login, CaseFilter filter, CancellationToken cancellationToken)
    {
        var rows = new List<CaseRow>();
        for (var page = 0; ; page++)
        {
            var (chunk, total) = await list.PageAsync(login, filter with { Page = page }, cancellationToken);
            rows.AddRange(chunk);
            if (chunk.Count == 0 || rows.Count >= total)
            {
                return rows;
            }
        }
    }

    public static IReadOnlyList<XlsxColumn<PublicListEntry>> PublicList(PublicList list) => list switch
    {
        Public.PublicList.ExitList =>
        [
            new("企业名称", e => e.Enterprise), new("统一社会信用代码", e => e.CreditCode), new("县（市、区）", e => e.County),
            new("生产线或主体设备", e => e.Item), new("行业", e => e.Industry.Zh()), new("产能", e => e.Amount), new("单位", e => e.Unit),
            new("退出方式", e => e.HowExited), new("验收日期", e => e.AcceptedOn),
        ],
        Public.PublicList.OverEmission =>
        [
            new("企业名称", e => e.Enterprise), new("统一社会信用代码", e => e.CreditCode), new("县（市、区）", e => e.County),
            new("生产线或主体设备", e => e.Item), new("行业", e => e.Industry.Zh()), new("名单", e => e.Serious ? "超标排放情节严重" : "超标排放"),
            new("认定日期", e => e.FindingDate), new("办理阶段", e => e.Step),
        ],
        Public.PublicList.SealedEquipment =>
        [
            new("企业名称", e => e.Enterprise), new("统一社会信用代码", e => e.CreditCode), new("县（市、区）", e => e.County),
            new("封存的生产线或主体设备", e => e.Item), new("行业", e => e.Industry.Zh()), new("产能", e => e.Amount), new("单位", e => e.Unit),
            new("公告日期", e => e.NoticedOn), new("限时拆除日期", e => e.DemolitionDate), new("办理阶段", e => e.Step),
            new("政府网站公告地址", e => e.GovernmentNoticeUrl),
        ],
        Public.PublicList.Census =>
        [
            new("企业名称", e => e.Enterprise), new("统一社会信用代码", e => e.CreditCode), new("县（市、区）", e => e.County),
            new("生产线或主体设备", e => e.Item), new("行业", e => e.Industry.Zh()), new("产能", e => e.Amount), new("单位", e => e.Unit),
            new("不达标的标准", e => e.Standard.Zh()), new("认定日期", e => e.FindingDate), new("办理阶段", e => e.Step),
        ],
        _ =>
        [
            new("企业名称", e => e.Enterprise), new("统一社会信用代码", e => e.CreditCode), new("县（市、区）", e => e.County),
            new("生产线或主体设备", e => e.Item), new("行业", e => e.Industry.Zh()), new("产能", e => e.Amount), new("单位", e => e.Unit),
            new("不达标的标准", e => e.Standard.Zh()), new("认定日期", e => e.FindingDate), new("办理阶段", e => e.Step),
        ],
    };

    public static string PublicListTitle(PublicList list) => list switch
    {
        Public.PublicList.ExitList => "淘汰落后产能企业名单",
        Public.PublicList.RedCards => "红牌企业名单",
        Public.PublicList.OverEmission => "超标排放企业名单",
        Public.PublicList.SealedEquipment => "封存设备公告",
        Public.PublicList.Census => "落后产能摸排结果公示",
        _ => "黄牌企业名单",
    };

    /// <summary>The title of /public/targets and of its .xlsx sheet.</summary>
    public const string PublicTargetsTitle = "年度淘汰落后产能任务完成情况";

    /// <summary>各县市区年度淘汰落后产能任务完成情况 (000 §三.2), as /public/targets shows it.</summary>
    public static readonly IReadOnlyList<XlsxColumn<PublicTargetLine>> PublicTargets =
    [
        new("县（市、区）", t => t.County), new("任务", t => t.Description), new("目标", t => t.Amount), new("单位", t => t.Unit),
        new("完成期限", t => t.DueOn), new("期限内已退出", t => t.ExitedByDue), new("至今已退出", t => t.ExitedToDate),
        new("完成情况", t => TargetCompletionZh(t.Completion)),
    ];

    public static string TargetCompletionZh(TargetCompletion completion) => completion switch
    {
        TargetCompletion.Met => "已完成",
        TargetCompletion.InProgress => "进行中",
        _ => "未完成",
    };

    public static readonly IReadOnlyList<XlsxColumn<VerificationTask>> Verifications =
    [
        new("回执号", t => t.ReceiptNumber), new("举报时间", t => t.SubmittedAt), new("被举报企业", t => t.Enterprise), new("县（市、区）", t => t.County),
        new("地点", t => t.Place), new("问题类别", t => t.Standard?.Zh()), new("核实部门", t => t.Bureau), new("核实期限", t => t.DueOn),
        new("状态", t => VerificationStatusZh(t.Status)), new("核实结论", t => t.Result), new("案件编号", t => t.CaseId),
    ];

    public static string VerificationStatusZh(PublicReportStatus status) => status switch
    {
        PublicReportStatus.Verifying => "核实中",
        PublicReportStatus.Confirmed => "属实，已立案",
        PublicReportStatus.NotConfirmed => "不属实",
        _ => "未受理",
    };

    /// <summary>我的待办 as the page lists it: every open duty of the person, of every kind.</summary>
    public static readonly IReadOnlyList<XlsxColumn<Domain.Obligations.Obligation>> Tasks =
    [
        new("类别", o => Domain.Obligations.Obligation.KindTitle(o.Kind).Zh), new("待办事项", o => o.Title), new("事由", o => o.About),
        new("县（市、区）", o => o.County), new("办理期限", o => o.LastDay), new("督办进度", o => Domain.Obligations.Obligation.RungTitle(o.Reached).Zh),
        new("依据", o => o.Source),
    ];

    /// <summary>报送: each report owed, its last day, the filer, received or how late, the steps taken.</summary>
    public static readonly IReadOnlyList<XlsxColumn<Reporting.ReportStatus>> Reports =
    [
        new("报送事项", r => r.Obligation.Report.Title), new("年度", r => r.Obligation.Year), new("截止日期", r => r.Obligation.Deadline.LastDay),
        new("报送单位", r => r.Obligation.Filer.NameZh),
        new("状态", r => r.State switch
        {
            Reporting.ReportState.Received => "已报送",
            Reporting.ReportState.NotYetDue => "未到期",
            _ => $"逾期{r.WorkingDaysLate}个工作日未报送",
        }),
        new("报送时间", r => r.Submission?.SubmittedAt), new("已采取的督办", r => Steps(r.Steps)),
    ];

    /// <summary>年度目标: region, target, due day, exited by then and to date, state, steps taken.</summary>
    public static readonly IReadOnlyList<XlsxColumn<Reporting.TargetStatus>> Targets =
    [
        new("地区", t => t.Progress.RegionZh), new("年度", t => t.Progress.Target.Year), new("目标", t => t.Progress.Target.Description),
        new("目标产能", t => t.Progress.Target.Amount), new("单位", t => t.Progress.Target.Unit), new("完成期限", t => t.Progress.Target.DueOn),
        new("期限内已退出", t => t.Progress.ExitedByDue), new("至今已退出", t => t.Progress.ExitedToDate),
        new("状态", t => t.State switch
        {
            Reporting.TargetState.Met => "已完成",
            Reporting.TargetState.InProgress => "进行中",
            Reporting.TargetState.MetLate => "逾期后完成",
            _ => "未完成",
        }),
        new("已采取的督办", t => Steps(t.Steps)),
    ];

    /// <summary>通报与约谈.</summary>
    public static readonly IReadOnlyList<XlsxColumn<Notices.NoticeEntry>> Notices =
    [
        new("文号", n => n.DocumentNumber), new("类别", n => n.Kind == Templates.MessageKinds.CirculatedNotice ? "通报" : "约谈"), new("印发日期", n => n.IssuedOn),
        new("标题", n => n.Title), new("被督办单位", n => n.Laggard), new("主送", n => n.MainRecipients), new("抄送", n => n.CopyTo),
        new("约谈时间", n => n.MeetingAt), new("约谈地点", n => n.Place), new("案号", n => n.CaseId),
    ];

    /// <summary>Every page of the 通报与约谈 list a person reads, through the query the /notices page runs.</summary>
    public static async Task<IReadOnlyList<Notices.NoticeEntry>> AllNoticesAsync(Notices.NoticeRegister register, string? login, CancellationToken cancellationToken)
    {
        var rows = new List<Notices.NoticeEntry>();
        for (var page = 0; ; page++)
        {
            var (chunk, total) = await register.PageAsync(login, page, cancellationToken);
            rows.AddRange(chunk);
            if (chunk.Count == 0 || rows.Count >= total)
            {
                return rows;
            }
        }
    }

    /// <summary>未受理的举报, kept for the audit: the fields as they came, as text (a formula typed in opens as text: <see cref="CellText"/>).</summary>
    public static readonly IReadOnlyList<XlsxColumn<RefusedSubmission>> RefusedSubmissions =
    [
        new("提交时间（北京时间）", r => TimeZoneInfo.ConvertTime(r.SubmittedAt, ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)),
        new("来源地址", r => r.Address), new("未受理原因", r => RefusedSubmissionLog.ReasonText(r.Reason).Zh), new("被举报企业", r => r.Enterprise),
        new("县（市、区）", r => r.County), new("地点", r => r.Place), new("问题类别", r => r.Standard?.Zh()), new("看到的情况", r => r.WhatWasSeen),
        new("联系方式", r => r.Contact),
    ];

    /// <summary>邮件发件箱.</summary>
    public static readonly IReadOnlyList<XlsxColumn<Mail.OutboxLine>> Outbox =
    [
        new("编号", m => m.Id), new("状态", m => m.State switch { Data.Model.OutboxStatus.Pending => "待发", Data.Model.OutboxStatus.Sent => "已发", _ => "发送失败" }),
        new("尝试次数", m => m.Tries), new("类别", m => m.Kind), new("收件角色", m => m.RecipientRole), new("地区", m => m.Region), new("案号", m => m.CaseId),
        new("生成时间", m => m.CreatedAt), new("发送时间", m => m.SentAt), new("服务器最后答复", m => m.LastReply),
    ];

    private static string Steps(IEnumerable<Data.Model.EscalationStepRecord> steps) =>
        string.Join("，", steps.Select(s => $"{s.TakenOn:yyyy-MM-dd} {Reporting.ReportingService.StepTitle(s.Step).Zh}"));
}
