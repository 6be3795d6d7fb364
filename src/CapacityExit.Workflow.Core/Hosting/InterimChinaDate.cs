namespace CapacityExit.Workflow.Core.Hosting;

// Interim: replaced by Domain.Deadlines.ChinaTime once the deadline calculus lands.
internal static class InterimChinaDate
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);
}
