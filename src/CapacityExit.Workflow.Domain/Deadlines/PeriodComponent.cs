using System.Globalization;

namespace CapacityExit.Workflow.Domain.Deadlines;

public enum PeriodUnit
{
    /// <summary>Years: end on the corresponding day of the final month (民法典第二百零二条).</summary>
    Years,

    /// <summary>Months: end on the corresponding day of the final month, or its last day (民法典第二百零二条).</summary>
    Months,

    /// <summary>Calendar days: every day counts.</summary>
    Days,

    /// <summary>Working days (工作日, 不含法定节假日): only working days count; make-up days count.</summary>
    WorkingDays,
}

/// <summary>One length of a period, e.g. 6 months. A fixed-date deadline uses Amount 0 (nothing is counted).</summary>
public sealed record PeriodComponent(int Amount, PeriodUnit Unit)
{
    public override string ToString() => "P" + Amount.ToString(CultureInfo.InvariantCulture) + Unit switch
    {
        PeriodUnit.Years => "Y",
        PeriodUnit.Months => "M",
        PeriodUnit.Days => "D",
        _ => "WD",
    };

    /// <summary>As a Chinese document writes it: 6个月, 1年, 10日, 5个工作日.</summary>
    public string ToZh() => Amount.ToString(CultureInfo.InvariantCulture) + Unit switch
    {
        PeriodUnit.Years => "年",
        PeriodUnit.Months => "个月",
        PeriodUnit.Days => "日",
        _ => "个工作日",
    };

    public string ToEn() => Amount.ToString(CultureInfo.InvariantCulture) + Unit switch
    {
        PeriodUnit.Years => Amount == 1 ? " year" : " years",
        PeriodUnit.Months => Amount == 1 ? " month" : " months",
        PeriodUnit.Days => Amount == 1 ? " day" : " days",
        _ => Amount == 1 ? " working day" : " working days",
    };
}
