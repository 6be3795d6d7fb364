using CapacityExit.Workflow.Core.Agenda;
using CapacityExit.Workflow.Core.Notices;

namespace CapacityExit.Workflow.Web.Endpoints;

public static class CalendarFeedEndpoint
{
    /// <summary>How far back and ahead the feed reaches: last month's items (to see what was missed) and the next year's.</summary>
    public static readonly (int Back, int Ahead) Reach = (31, 365);

    /// <summary>
    /// <c>/calendar/feed/{token}</c>: the person's iCalendar feed (text/calendar). No sign-in — Outlook and WPS cannot —
    /// the secret token is the key; a wrong, renewed or revoked token answers 404 and says nothing more.
    /// </summary>
    public static void MapCalendarFeed(this WebApplication app) =>
        app.MapGet("/calendar/feed/{token}", async (string token, CalendarFeedTokens tokens, AgendaService agenda, PublicLinks links, TimeProvider time,
            CancellationToken cancellationToken) =>
        {
            if (await tokens.PersonAsync(token, cancellationToken) is not { } person)
            {
                return Results.NotFound();
            }

            var today = Text.Today(time);
            var view = await agenda.ForAsync(person, today.AddDays(-Reach.Back), today.AddDays(Reach.Ahead), new AgendaFilter(), cancellationToken);
            var body = AgendaFeed.Write(view, new Uri(links.BaseUrl.TrimEnd('/') + "/"), time.GetUtcNow(), $"落后产能退出工作平台·{person.DisplayName}");
            return Results.Text(body, "text/calendar; charset=utf-8");
        }).AllowAnonymous();
}
