using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Web.Pages.Cases;

/// <summary>案件列表 as .xlsx: the page's columns, every row its filters give (all pages, in its order).</summary>
public static class CaseListExport
{
    public static IReadOnlyList<XlsxColumn<CaseRow>> Columns(CaseListService list) =>
    [
        new("案号", r => r.Id), new("企业名称", r => r.Enterprise), new("统一社会信用代码", r => r.CreditCode), new("县（市、区）", r => r.County),
        new("生产线或主体设备", r => r.Item), new("行业", r => r.Industry.Zh()), new("产能", r => r.Amount), new("单位", r => r.Unit),
        new("标准", r => r.Standard.Zh()), new("办理阶段", r => list.StateTitle(r.DefinitionId, r.Version, r.State)),
        new("红黄牌", r => list.CardOf(r) switch { Card.Yellow => "黄牌", Card.Red => "红牌", _ => "" }), new("责任部门", r => r.Bureau),
        new("认定日期", r => r.FindingDate), new("下一期限", r => r.NextDeadline is { } d ? Text.Day(d.AddTicks(-1)) : ""),
    ];

    /// <summary>Every page of the filtered list, through the same query the page runs.</summary>
    public static async Task<IReadOnlyList<CaseRow>> AllAsync(CaseListService list, string? login, CaseFilter filter, CancellationToken cancellationToken)
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
}
