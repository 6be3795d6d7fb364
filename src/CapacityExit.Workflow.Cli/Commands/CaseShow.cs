using System.Globalization;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>Prints a case's details for a person: titles first, internal keys only in brackets where a command needs them.</summary>
internal static class CaseShow
{
    public static async Task WriteAsync(CaseDetails d, TextWriter o)
    {
        await o.WriteLineAsync($"案件 {d.CaseId}：{d.EnterpriseName}（统一社会信用代码 {d.CreditCode}，{d.CountyName}）");
        await o.WriteLineAsync($"产能：{d.Capacity.Line}，{d.Capacity.IndustryZh}，{d.Capacity.Amount.ToString(CultureInfo.InvariantCulture)} {d.Capacity.Unit}");
        await o.WriteLineAsync($"标准：{d.StandardZh}不达标，{d.FindingDate:yyyy-MM-dd}认定；责任部门：{d.ResponsibleBureau}；依据：{d.LegalBasis}");
        if (d.StateKey is null)
        {
            await o.WriteLineAsync($"状态：{d.CaseStatus}（没有工作流）");
        }
        else
        {
            await o.WriteLineAsync($"阶段：{d.StateTitleZh}{(d.Finished ? "（已办结）" : "")}  [{d.StateKey}]  流程 {d.DefinitionId} 第{d.DefinitionVersion}版，方案 {d.ProfileId}");
        }

        if (d.Deadline is { } deadline)
        {
            await o.WriteLineAsync($"期限：{deadline.Title}日 {deadline.LastDay:yyyy-MM-dd}（当日24时届满）{(deadline.Provisional ? "，暂定" : "")}");
            foreach (var line in deadline.ExplanationZh)
            {
                await o.WriteLineAsync($"  {line}");
            }
        }

        if (d.Standing is { } standing)
        {
            var card = standing.Card switch { Card.Yellow => "黄牌", Card.Red => "红牌", _ => "无" };
            await o.WriteLineAsync($"牌证：{card}；联合惩戒：{(standing.CreditPunishment ? $"是（{standing.ExitDeadlineMissedOn}未按期退出）" : "否")}；" +
                $"公开名单：{(standing.PublicLists.Count == 0 ? "无" : string.Join("、", standing.PublicLists))}");
        }

        await Section(o, "案件信息", d.Variables.Select(v => $"{v.Title}：{v.Value}"));
        await Section(o, "定时", d.Timers.Select(t =>
            $"{Local(t.DueAt)}\t{t.Title}\t{t.RecipientTitle}\t{(t.Open ? "待触发" : t.Status == "Fired" ? "已触发" : "已取消")}\t[{t.Key}]"));
        await Section(o, "任务", d.Tasks.Select(t =>
            $"{Local(t.DueAt)}前\t{t.Title}\t{t.AssigneeTitle}\t{TaskStatus(t.Status)}{(t.Outcome is null ? "" : $"：{t.Outcome}")}\t[{t.Key}]"));
        await Section(o, "历史", d.History.Select(h =>
            $"{Local(h.At)}\t{h.ActorDisplay}\t{(h.FromTitle.Length == 0 ? "" : h.FromTitle + " → ")}{h.ToTitle}\t{h.What}{(h.Why is null ? "" : "：" + h.Why)}"));
    }

    private static async Task Section(TextWriter o, string title, IEnumerable<string> lines)
    {
        await o.WriteLineAsync($"{title}：");
        var any = false;
        foreach (var line in lines)
        {
            any = true;
            await o.WriteLineAsync($"  {line}");
        }

        if (!any)
        {
            await o.WriteLineAsync("  无");
        }
    }

    private static string TaskStatus(string status) => status switch
    {
        "Open" => "待办",
        "Completed" => "已办结",
        "Cancelled" => "已关闭",
        _ => status,
    };

    private static string Local(DateTimeOffset instant) => CliServices.Local(instant);
}
