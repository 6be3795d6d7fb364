namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>
/// What the case history, mail and notices say of a date in a year the holiday calendar does not cover yet
/// (DOMAIN.md: a date in a year whose holiday arrangement is not yet known cannot be computed silently: say so).
/// The date was counted by the weekend rule alone and stands until that year's arrangement is entered.
/// </summary>
public static class ProvisionalDates
{
    public static string Zh(IEnumerable<int> years) =>
        $"暂定：{string.Join("、", years)}年放假安排尚未录入，相关期限按普通周末规则计算，录入后须复核";

    public static string En(IEnumerable<int> years) =>
        $"provisional: no holiday arrangement for {string.Join(", ", years)} yet; counted with weekends as the only rest days, to be reviewed once it is entered";

    public static string In(string language, IEnumerable<int> years) => language == "en" ? En(years) : Zh(years);
}
