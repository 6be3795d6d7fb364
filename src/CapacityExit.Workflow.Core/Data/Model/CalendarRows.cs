namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>
/// A year's holiday arrangement arriving (Calendar/YearArrival): when it was entered, by whom, and what its recompute
/// moved. The nightly consistency check stops listing provisional deadlines of a year recorded here.
/// </summary>
public sealed class CalendarYearArrival
{
    public long Id { get; set; }

    public int Year { get; set; }

    public required string Notice { get; set; }

    public DateTimeOffset AppliedAt { get; set; }

    public required string AppliedBy { get; set; }

    public int CasesMoved { get; set; }

    public int DeadlinesMoved { get; set; }

    public int TimersMoved { get; set; }

    public int BureausMailed { get; set; }
}

/// <summary>
/// A person's secret calendar-feed address (Agenda/): only the SHA-256 of the token is kept, so the address is shown
/// once, when made; renewing replaces it and the old address answers 404.
/// </summary>
public sealed class CalendarFeedToken
{
    public int PersonId { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
