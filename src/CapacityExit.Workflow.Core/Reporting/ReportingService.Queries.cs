using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Escalation;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Reporting;

public enum ReportState
{
    Received,
    NotYetDue,
    Late,
}

/// <summary>One report owed: received or not, how many working days late, and what was done about it so far.</summary>
public sealed record ReportStatus(ReportObligation Obligation, ReportState State, int WorkingDaysLate, IReadOnlyList<EscalationStepRecord> Steps)
{
    public ReportSubmission? Submission => Obligation.Submission;
}

public enum TargetState
{
    Met,
    InProgress,
    MetLate,
    Missed,
}

/// <summary>One annual target with its progress from the cases, its state, and what was done about a miss.</summary>
public sealed record TargetStatus(TargetProgress Progress, TargetState State, IReadOnlyList<EscalationStepRecord> Steps);

/// <summary>A county, district or zone the office may set a target for.</summary>
public sealed record TargetCounty(string Code, string NameZh);

/// <summary>
/// The reads of reports and targets: what is owed and how late (<c>report status</c>, the reports page) and how far
/// the targets got (<c>target list</c>, the targets page). A person sees their own city; a county officer only
/// their county's, a bureau officer only their bureau's reports (属地责任: each answers for its own).
/// </summary>
public sealed partial class ReportingService
{
    /// <summary>Every report the city's filers owe for the year, ordered by last day, report and filer.</summary>
    public async Task<IReadOnlyList<ReportStatus>> StatusAsync(Jurisdiction city, int year, CancellationToken cancellationToken)
    {
        CheckYear(year);
        var all = await obligations.ForCityAsync(city, year, cancellationToken);
        var steps = await StepsAsync(all.Select(o => o.Subject), cancellationToken);
        var today = ChinaTime.Today(time);
        var days = calendar.WithProvisionalYears(2);
        return all.OrderBy(o => o.Deadline.LastDay).ThenBy(o => o.Report.Name, StringComparer.Ordinal).ThenBy(o => o.Filer.Key, StringComparer.Ordinal)
            .Select(o =>
            {
                var state = o.Submission is not null ? ReportState.Received : o.Deadline.LastDay >= today ? ReportState.NotYetDue : ReportState.Late;
                var late = state == ReportState.Late ? EscalationLadder.WorkingDaysBetween(o.Deadline.LastDay, today, days) : 0;
                return new ReportStatus(o, state, late, steps[o.Subject].ToList());
            })
            .ToList();
    }

    /// <summary>The reports of the person's city that the person answers for or oversees.</summary>
    public async Task<(Jurisdiction City, IReadOnlyList<ReportStatus> Rows)> StatusForAsync(string login, int year, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var city = await CityOfAsync(person, cancellationToken);
        var rows = await StatusAsync(city, year, cancellationToken);
        return (city, rows.Where(r => Sees(person, r.Obligation.Filer)).ToList());
    }

    /// <summary>
    /// A filing's receipt, for a person who may see that filer's reports; null when there is no such filing or the person
    /// may not see it (another city's, another filer's): out of scope reads as absent (the scope rule, docs/security.md).
    /// </summary>
    public async Task<ReportStatus?> ReceiptAsync(string login, long submissionId, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var city = await CityOfAsync(person, cancellationToken);
        var row = await db.ReportSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId && s.CityId == city.Id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var status = (await StatusAsync(city, row.Year, cancellationToken)).FirstOrDefault(s => s.Submission?.Id == row.Id);
        return status is not null && Sees(person, status.Obligation.Filer) ? status : null;
    }

    /// <summary>The year's targets with their progress, of one city or all.</summary>
    public async Task<IReadOnlyList<TargetStatus>> TargetStatusAsync(int year, int? cityId, CancellationToken cancellationToken)
    {
        // A target's progress counts cases, not days: any plausible year will do.
        if (year is < 2000 or > 2100)
        {
            throw DomainValidationException.Single("year", $"年度{year}不在2000年至2100年之间", $"{year} is not a year from 2000 to 2100");
        }

        var progress = await targets.ProgressAsync([year], cityId, cancellationToken);
        var steps = await StepsAsync(progress.Select(p => p.Subject), cancellationToken);
        var today = ChinaTime.Today(time);
        return progress.Select(p => new TargetStatus(p,
                p.MetByDue ? TargetState.Met : p.Target.DueOn >= today ? TargetState.InProgress : p.MetToDate ? TargetState.MetLate : TargetState.Missed,
                steps[p.Subject].ToList()))
            .ToList();
    }

    /// <summary>The targets of the person's city; a county officer sees their county's only.</summary>
    public async Task<(Jurisdiction City, IReadOnlyList<TargetStatus> Rows)> TargetsForAsync(string login, int year, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var city = await CityOfAsync(person, cancellationToken);
        var rows = await TargetStatusAsync(year, city.Id, cancellationToken);
        return (city, person.Role == Role.CountyOfficer ? rows.Where(r => r.Progress.Target.JurisdictionId == person.JurisdictionId).ToList() : rows);
    }

    /// <summary>The counties the person may set targets for: their city's, for its leading-group office; none for anyone else.</summary>
    public async Task<IReadOnlyList<TargetCounty>> TargetCountiesAsync(string login, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        if (person.Role != Role.LeadingGroupOffice)
        {
            return [];
        }

        return await db.Jurisdictions.AsNoTracking()
            .Where(j => j.ParentId == person.JurisdictionId && (j.Level == JurisdictionLevel.CountyDistrict || j.Level == JurisdictionLevel.DevelopmentZone))
            .OrderBy(j => j.Code).Select(j => new TargetCounty(j.Code, j.NameZh)).ToListAsync(cancellationToken);
    }

    /// <summary>An escalation step as people read it: 逾期提醒, 通报, 约谈, 提前3个工作日提醒.</summary>
    public static (string Zh, string En) StepTitle(string step) => EscalationPlan.RungOf(step) switch
    {
        Rung.Reminder => ("逾期提醒", "overdue reminder"),
        Rung.CirculatedNotice => ("通报", "circulated notice"),
        Rung.InterviewSummons => ("约谈", "interview summons"),
        _ when step.StartsWith(EscalationPlan.BeforePrefix, StringComparison.Ordinal) =>
            ($"提前{step[EscalationPlan.BeforePrefix.Length..]}个工作日提醒", $"reminder {step[EscalationPlan.BeforePrefix.Length..]} working days before"),
        _ => (step, step),
    };

    /// <summary>
    /// The reports the person's own county or bureau still owes (not received) for the years given, ordered by last day:
    /// what the person answers for (属地责任), not what they oversee. Years outside the calendar's reach are passed over.
    /// </summary>
    public async Task<IReadOnlyList<ReportStatus>> OwedByAsync(string login, IReadOnlyCollection<int> years, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        if (OwnFilerKey(person) is not { } own)
        {
            return [];
        }

        var city = await CityOfAsync(person, cancellationToken);
        var (from, to) = Years;
        var owed = new List<ReportStatus>();
        foreach (var year in years.Where(y => y >= from && y <= to).Distinct().Order())
        {
            owed.AddRange((await StatusAsync(city, year, cancellationToken)).Where(r => r.State != ReportState.Received && r.Obligation.Filer.Key == own));
        }

        return owed.OrderBy(r => r.Obligation.Deadline.LastDay).ToList();
    }

    /// <summary>A county officer sees their county's reports, a bureau officer their bureau's; the city's others see all.</summary>
    private static bool Sees(Person person, Filer filer) => person.Role switch
    {
        Role.CountyOfficer => filer.Key == Filer.JurisdictionKey(person.JurisdictionId),
        Role.BureauOfficer => person.BureauId is { } own && filer.Key == Filer.BureauKey(own),
        _ => true,
    };

    /// <summary>
    /// The years whose report dates can be counted: those the holiday calendar covers, and the two after it counted
    /// provisionally (a rolled last day needs to know the rest days).
    /// </summary>
    private (int From, int To) Years => (calendar.CoveredYears.Min(), calendar.CoveredYears.Max() + 2);

    private void CheckYear(int year)
    {
        var (from, to) = Years;
        if (year < from || year > to)
        {
            throw DomainValidationException.Single("year", $"年度{year}不在{from}年至{to}年之间（节假日日历所载年份及其后两年）",
                $"{year} is not a year from {from} to {to} (the holiday calendar's years and the two after them)");
        }
    }

    private async Task<ILookup<string, EscalationStepRecord>> StepsAsync(IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var list = subjects.ToList();
        return (await db.EscalationSteps.AsNoTracking().Where(x => list.Contains(x.Subject)).OrderBy(x => x.TakenAt).ToListAsync(cancellationToken))
            .ToLookup(x => x.Subject);
    }
}
