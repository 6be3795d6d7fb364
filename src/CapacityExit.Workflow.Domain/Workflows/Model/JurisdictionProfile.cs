namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// What differs between jurisdictions (workflows/profiles/*.yaml): the periods, who approves and who is told,
/// reminder offsets and the report calendar. Definitions refer to it as "profile:key".
/// </summary>
public sealed record JurisdictionProfile(
    string Id,
    string Title,
    string File,
    IReadOnlyList<string> Sources,
    IReadOnlyList<int> ReminderWorkingDaysBefore,
    TimeOnly ReminderAt,
    IReadOnlyDictionary<string, ProfileValue> Periods,
    IReadOnlyDictionary<string, ProfileRoles> Roles,
    IReadOnlyDictionary<string, string> RoleTitles,
    IReadOnlyList<ReportDue> Reports)
{
    /// <summary>The city's monthly fixed-day kiln shutdown (000 §二 水泥); null where the profile sets none.</summary>
    public Programmes.KilnShutdownProgramme? KilnShutdown { get; init; }

    /// <summary>Re-checks of exited capacity (回头看, 003); null where the profile sets none.</summary>
    public Programmes.RecheckProgramme? Recheck { get; init; }

    /// <summary>Coal mines' working days and holidays (000 §二 煤炭); null where the profile sets none.</summary>
    public Programmes.CoalProgramme? Coal { get; init; }
}

/// <summary>A period in a profile: "P6M", or "var:orderPeriod" when the jurisdiction leaves it to the order.</summary>
public sealed record ProfileValue(string Text, Spot At);

/// <summary>One role id (an assignee) or several (everyone to be told).</summary>
public sealed record ProfileRoles(IReadOnlyList<string> RoleIds, Spot At);

/// <summary>
/// A fixed-date submission of the report calendar, e.g. Henan's census results by 6月27日 (002 通知), and who owes
/// it (<see cref="From"/>): 各县市区及市直节能、环保、质监、安监部门 (000 §四.1) are the counties and the bureaus.
/// </summary>
public sealed record ReportDue(string Name, string Title, int Month, int Day, bool Roll, string To, string Source, Spot At)
{
    public IReadOnlyList<ReportFiler> From { get; init; } = [ReportFiler.Counties];

    /// <summary>
    /// Which of the city's bureaus file it where <see cref="From"/> names the bureaus: null for all of them, or the kinds the
    /// seed names (003 §四.(三): 市发展和改革委员会、生态环境局、市场监管局、应急管理局).
    /// </summary>
    public IReadOnlyList<Registry.BureauKind>? BureauKinds { get; init; }

    /// <summary>
    /// Why the profile keeps the named date where it is when it falls on a rest day (roll: false); null when it moves
    /// to the next working day, the default (民法典第二百零三条, DOMAIN.md "Computing a deadline").
    /// </summary>
    public string? FixedBecause { get; init; }
}

/// <summary>Who files a report with the leading-group office.</summary>
public enum ReportFiler
{
    Counties, // every county, district and development zone of the city (各县市区)
    Bureaus,  // the city's functional bureaus (市直有关部门), not the office itself
    Office,   // the leading-group office itself, for what the city reports upwards
}
