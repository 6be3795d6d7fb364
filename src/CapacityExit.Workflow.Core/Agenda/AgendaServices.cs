using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Agenda;

public static class AgendaServices
{
    /// <summary>
    /// The calendar (issue 18): the service, the feed tokens, and the item sources of this branch — case deadlines, tasks
    /// reports and the kiln shutdown days. The re-checks are tasks of the programmes (programme_tasks), not yet a source here.
    /// </summary>
    public static void AddCapacityExitAgenda(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AgendaService>();
        builder.Services.AddScoped<CalendarFeedTokens>();
        builder.Services.AddScoped<IAgendaSource, CaseDeadlineSource>();
        builder.Services.AddScoped<IAgendaSource, CaseTaskSource>();
        builder.Services.AddScoped<IAgendaSource, ReportAgendaSource>();
        builder.Services.AddScoped<IAgendaSource, KilnAgendaSource>(); // the kiln shutdown programme's days (Programmes/)
    }
}
