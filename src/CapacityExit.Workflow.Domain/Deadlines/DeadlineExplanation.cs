using System.Text;

namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// Every deadline shown to a user says which rule produced it and which days it rolled over (DOMAIN.md).
/// Chinese is the working language of the bureaus; English follows the same lines.
/// </summary>
internal static class DeadlineExplanation
{
    public static string Zh(DeadlineResult result)
    {
        var text = new StringBuilder();
        if (result.Period is { } period)
        {
            text.Append($"期间：{period.ToZh()}（{period}），起算日{DateText.Zh(result.Start)}，开始的当日不计入（民法典第二百零一条）。\n");
        }
        else
        {
            var named = result.Description is null ? "" : $"“{result.Description}”";
            text.Append($"指定日期{named}：{DateText.Zh(result.Start)}。\n");
        }

        var numbered = result.Steps.Count > 1;
        for (var i = 0; i < result.Steps.Count; i++)
        {
            var step = result.Steps[i];
            text.Append(numbered ? $"第{i + 1}段：" : "").Append(step.RuleZh).Append('\n');
            foreach (var day in step.RolledOver)
            {
                text.Append($"  顺延跳过 {DateText.Zh(day.Date)}：{DateText.WhyZh(day)}\n");
            }

            if (numbered && i + 1 < result.Steps.Count)
            {
                text.Append($"  下一段自本段最后一日{DateText.ZhPlain(step.LastDay)}起算（延期自原期间届满之日起算）。\n");
            }
        }

        text.Append($"最后一日：{DateText.Zh(result.LastDay)}，至该日24时（北京时间）届满；需到机关办理的，至停止业务活动时止（民法典第二百零三条第二款）。\n");
        return text.ToString();
    }

    public static string En(DeadlineResult result)
    {
        var text = new StringBuilder();
        if (result.Period is { } period)
        {
            text.Append($"Period: {period.ToEn()} ({period}) from {DateText.En(result.Start)}; the start day is not counted (Civil Code art. 201).\n");
        }
        else
        {
            var named = result.Description is null ? "" : $" \"{result.Description}\"";
            text.Append($"Named date{named}: {DateText.En(result.Start)}.\n");
        }

        var numbered = result.Steps.Count > 1;
        for (var i = 0; i < result.Steps.Count; i++)
        {
            var step = result.Steps[i];
            text.Append(numbered ? $"Part {i + 1}: " : "").Append(step.RuleEn).Append('\n');
            foreach (var day in step.RolledOver)
            {
                text.Append($"  rolled over {DateText.En(day.Date)}: {DateText.WhyEn(day)}\n");
            }

            if (numbered && i + 1 < result.Steps.Count)
            {
                text.Append($"  The next part counts from this part's last day, {DateText.Iso(step.LastDay)} (an extension runs from the end of the original period).\n");
            }
        }

        text.Append($"Last day: {DateText.En(result.LastDay)}, ending at 24:00 China Standard Time; where a submission needs an office, at its close of business (Civil Code art. 203).\n");
        return text.ToString();
    }
}
