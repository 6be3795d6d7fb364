namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>What a calendar day is for the counting of legal periods (民法典第二百零三条).</summary>
public enum DayKind
{
    /// <summary>Monday to Friday, not a public holiday.</summary>
    WorkingDay,

    /// <summary>Saturday or Sunday not made a working day: an ordinary rest day (法定休假日 includes it).</summary>
    Weekend,

    /// <summary>A day off under the State Council's annual notice (放假).</summary>
    PublicHoliday,

    /// <summary>A weekend day made a working day by the notice (调休上班): not a rest day.</summary>
    MakeUpWorkingDay,
}
