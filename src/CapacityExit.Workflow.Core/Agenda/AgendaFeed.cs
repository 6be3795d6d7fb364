using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CapacityExit.Workflow.Core.Agenda;

/// <summary>
/// A person's calendar as an iCalendar feed (RFC 5545, written by Ical.Net) that Outlook and WPS subscribe to. One
/// all-day event per item (a legal deadline is a day: it ends at 24:00 Beijing time, 民法典第二百零三条), so no time zone
/// is needed (DTSTART;VALUE=DATE); DTSTAMP is UTC. The UID is the item's, stable while its day moves; the event links to
/// its page at the public address (CapacityExit:PublicBaseUrl).
/// </summary>
public static class AgendaFeed
{
    public const string UidDomain = "capacity-exit.workflow";

    public static string Write(AgendaView view, Uri publicBase, DateTimeOffset now, string calendarName)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//CapacityExit.Workflow//Agenda 1.0//ZH", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        var stamp = new CalDateTime(now.UtcDateTime, hasTime: true);
        foreach (var item in view.Items)
        {
            var link = new Uri(publicBase, item.Link);
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{item.Uid}@{UidDomain}",
                DtStamp = stamp,
                DtStart = new CalDateTime(item.Day),
                DtEnd = new CalDateTime(item.Day.AddDays(1)),
                Summary = $"【{item.KindZh}】{(item.Subject is null ? "" : item.Subject + "：")}{item.TitleZh}{(item.Provisional ? "（暂定）" : "")}",
                Description = string.Join("\n", new[]
                {
                    $"{item.KindZh} / {item.KindEn}：{item.TitleZh}",
                    item.Subject,
                    item.BureauName is null ? null : $"责任部门：{item.BureauName}",
                    item.CountyName is null ? null : $"所在地：{item.CountyName}",
                    item.Provisional ? "暂定：该年放假安排尚未录入，录入后可能调整" : null,
                    link.ToString(),
                }.Where(l => l is not null)),
                Url = link,
                Categories = [item.KindZh],
                Transparency = "TRANSPARENT",
            });
        }

        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
