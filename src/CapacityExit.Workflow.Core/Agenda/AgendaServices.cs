using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CapacityExit.Workflow.Core.Agenda;

public static class AgendaServices
{
    /// <summary>
    /// The calendar (issue 18): the service, the feed tokens, and the item sources of this branch — case deadlines, tasks
    /// reports, the kiln shutdown days and the re-checks after exit (回头看).
    /// </summary>
    public static void AddCapacityExitAgenda(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(AgendaService)))
        {
            return; // once: the web host and the daily digest both ask for it, and each source must be registered once
        }

        builder.Services.AddScoped<AgendaService>();
        builder.Services.AddScoped<CalendarFeedTokens>();
        builder.Services.AddScoped<IAgendaSource, CaseDeadlineSource>();
        builder.Services.AddScoped<IAgendaSource, CaseTaskSource>();
        builder.Services.AddScoped<IAgendaSource, ReportAgendaSource>();
        builder.Services.AddScoped<IAgendaSource, KilnAgendaSource>(); // the kiln shutdown programme's days (Programmes/)
        builder.Services.AddScoped<IAgendaSource, RecheckAgendaSource>(); // the re-checks of exited capacity (Programmes/)
    }
}
