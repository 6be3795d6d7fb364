using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Agenda;

/// <summary>The reports the person's city owes that are not yet received (the reports page's rows the person may see).</summary>
public sealed class ReportAgendaSource(ReportingService reporting) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaItem>> ItemsAsync(AgendaScope scope, CancellationToken cancellationToken)
    {
        var items = new List<AgendaItem>();
        for (var year = scope.From.Year; year <= scope.Until.Year; year++)
        {
            IReadOnlyList<ReportStatus> rows;
            try
            {
                (_, rows) = await reporting.StatusForAsync(scope.Person.Login, year, cancellationToken);
            }
            catch (Exception e) when (e is WorkflowRuleException or Domain.Registry.DomainValidationException or Domain.Deadlines.YearNotCoveredException)
            {
                continue; // no city, no report calendar, or a year beyond even the provisional ones: nothing owed to show
            }

            foreach (var row in rows.Where(r => r.State != ReportState.Received))
            {
                var o = row.Obligation;
                if (o.Deadline.LastDay < scope.From || o.Deadline.LastDay > scope.Until)
                {
                    continue;
                }

                var county = o.Filer.BureauId is null && o.Filer.RegionId != o.CityId ? o.Filer.RegionId : (int?)null;
                items.Add(new AgendaItem($"report-{o.CityId}-{o.Year}-{AgendaDays.Slug(o.Report.Name)}-{AgendaDays.Slug(o.Filer.Key)}", AgendaKind.Report,
                    o.Deadline.LastDay, o.Report.Title, o.Report.Name, o.Filer.NameZh, $"/reports?year={o.Year}", o.Filer.BureauId,
                    o.Filer.BureauId is null ? null : o.Filer.NameZh, county, county is null ? null : o.Filer.NameZh));
            }
        }

        return items;
    }
}
