namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>The rule sentence of one step, in Chinese and English, citing the article that produced it.</summary>
internal static class StepRules
{
    public static (string Zh, string En) Describe(
        PeriodComponent component,
        DateOnly from,
        DateOnly raw,
        DayKind rawKind,
        string? rawHoliday,
        IReadOnlyList<RolledDay> rolled,
        DateOnly last,
        bool rollOffRestDays)
    {
        var (countZh, countEn) = Count(component, from, raw);
        var (rollZh, rollEn) = Rolling(raw, rawKind, rawHoliday, rolled, last, rollOffRestDays);
        return ($"{countZh}{rollZh}", $"{countEn} {rollEn}");
    }

    private static (string Zh, string En) Count(PeriodComponent component, DateOnly from, DateOnly raw)
    {
        var rawZh = DateText.Zh(raw);
        var rawEn = DateText.En(raw);
        var fromZh = DateText.ZhPlain(from);
        var fromEn = DateText.Iso(from);
        if (component.Amount == 0)
        {
            return ($"指定日期{rawZh}为期间的最后一日，不计算期间长度。",
                $"The named date {rawEn} is the last day; no length is counted.");
        }

        switch (component.Unit)
        {
            case PeriodUnit.Years or PeriodUnit.Months when raw.Day < from.Day:
                return ($"{component.ToZh()}自{fromZh}的次日起算，到期月没有对应日，以月末日{rawZh}为期间的最后一日（民法典第二百零一条、第二百零二条）。",
                    $"{component.ToEn()} counted from the day after {fromEn}: the final month has no corresponding day, so its last day {rawEn} is the last day (Civil Code arts. 201, 202).");
            case PeriodUnit.Years or PeriodUnit.Months:
                return ($"{component.ToZh()}自{fromZh}的次日起算，以到期月的对应日{rawZh}为期间的最后一日（民法典第二百零一条、第二百零二条）。",
                    $"{component.ToEn()} counted from the day after {fromEn}: the corresponding day of the final month, {rawEn}, is the last day (Civil Code arts. 201, 202).");
            case PeriodUnit.Days:
                return ($"{component.ToZh()}自{fromZh}的次日起算，开始的当日不计入，第{component.Amount}日为{rawZh}（民法典第二百零一条）。",
                    $"{component.ToEn()} counted from the day after {fromEn} (the start day is not counted): day {component.Amount} is {rawEn} (Civil Code art. 201).");
            default:
                return ($"{component.ToZh()}自{fromZh}的次日起算，只计工作日、不含法定节假日（调休上班日计入），第{component.Amount}个工作日为{rawZh}（行政许可法第八十二条、行政处罚法第八十五条）。",
                    $"{component.ToEn()} counted from the day after {fromEn}, working days only, public holidays and weekends excluded, make-up working days included: working day {component.Amount} is {rawEn} (Administrative Licensing Law art. 82, Administrative Penalty Law art. 85).");
        }
    }

    private static (string Zh, string En) Rolling(
        DateOnly raw, DayKind rawKind, string? rawHoliday, IReadOnlyList<RolledDay> rolled, DateOnly last, bool rollOffRestDays)
    {
        if (rolled.Count > 0)
        {
            return ($"该日为法定休假日，顺延至休假日结束的次日{DateText.Zh(last)}（民法典第二百零三条）。",
                $"That day is a rest day, so the last day moves to the first day after the rest days, {DateText.En(last)} (Civil Code art. 203).");
        }

        return rawKind switch
        {
            DayKind.MakeUpWorkingDay => ($"该日是{rawHoliday}调休上班日，不是休假日，不顺延。",
                $"That day is a make-up working day for {rawHoliday}, not a rest day: no roll."),
            DayKind.WorkingDay => ("该日为工作日，不顺延。", "That day is a working day: no roll."),
            _ when !rollOffRestDays => (
                $"该日为休息日（{DateText.WhyZh(new RolledDay(raw, rawKind, rawHoliday))}），但本义务设定为不顺延，最后一日仍为该日。",
                $"That day is a rest day ({DateText.WhyEn(new RolledDay(raw, rawKind, rawHoliday))}), but this obligation is set not to roll: the last day stays."),
            _ => ("", ""),
        };
    }
}
