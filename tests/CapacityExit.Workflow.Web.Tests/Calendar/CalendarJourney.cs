using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Calendar;

/// <summary>
/// Issue 18, a calendar people subscribe to: a case's deadline on the agenda and in the month view, by bureau; and the
/// person's iCalendar feed at a secret address, read by an independent RFC 5545 reader, renewed and revoked.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CalendarJourney(WebApp app)
{
    [Fact]
    public async Task The_office_finds_a_deadline_on_the_agenda_and_in_the_month_view_and_filters_by_bureau()
    {
        var due = await DeadlineAsync();
        var day = Iso(due.LastDay);
        await using var office = await app.OpenAsync();
        var page = office.Page;
        await office.SignInAsync(DemoPeople.Office);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "日程" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/calendar$"));
        await Expect(page.Locator("#month th").First).ToHaveTextAsync("周一");

        // The agenda from the deadline's last day: the case's deadline is the first day's row, linking to the case.
        await page.GetByRole(AriaRole.Link, new() { Name = "日程列表" }).ClickAsync();
        await page.GotoAsync($"/calendar/agenda?from={day}");
        var row = page.Locator($"#agenda tr[data-uid='{due.Uid}']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(due.Title);
        await Expect(row).ToContainTextAsync(due.Enterprise);
        await Expect(row).ToContainTextAsync(due.Bureau);
        await Expect(page.Locator("#agenda th.day").First).ToContainTextAsync(day);
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = due.Title })).ToHaveAttributeAsync("href", $"/cases/{due.CaseId}");
        await Screens.TakeAsync(page, "calendar-agenda");

        // By bureau: its own bureau keeps it; another bureau's calendar does not have it.
        await page.Locator("#bureau").SelectOptionAsync(new SelectOptionValue { Label = due.Bureau });
        await page.Locator("#calendar-filters button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"bureau={due.BureauId}"));
        await Expect(page.Locator($"#agenda tr[data-uid='{due.Uid}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#agenda tbody tr td:nth-last-child(2)").Filter(new() { HasNotText = due.Bureau })).ToHaveCountAsync(0);
        var other = await app.ScalarAsync<int>("select id from capacity_exit.bureaus where name_zh = '郴州市应急管理局'");
        await page.GotoAsync($"/calendar/agenda?from={day}&bureau={other}");
        await Expect(page.Locator("#calendar-filters")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-uid='{due.Uid}']")).ToHaveCountAsync(0);

        // The month view of that month: the item sits in the day's cell, and leads to the case.
        await page.GotoAsync($"/calendar?month={due.LastDay:yyyy-MM}");
        await Expect(page.Locator("#month-title")).ToHaveTextAsync($"{due.LastDay.Year}年{due.LastDay.Month}月");
        var item = page.Locator($"#day-{day} a.item[data-uid='{due.Uid}']");
        await Expect(item).ToContainTextAsync(due.Title);
        await Screens.TakeAsync(page, "calendar-month");
        await item.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/cases/{due.CaseId}$"));

        // A month that is no month is said, and this month shown.
        await page.GotoAsync("/calendar?month=2027-13");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("“2027-13”不是月份");
        await Expect(page.Locator("#month")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_kiln_shutdown_days_of_the_citys_clinker_line_are_on_the_programmes_bureaus_agenda_and_not_on_another_bureaus()
    {
        // 郴州's programme stops every clinker line on the 15th (000 §二 水泥); the demo has one such line. The agenda from
        // the first of next month runs 60 days, so next month's 15th is on it.
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().AddHours(8).DateTime);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        using var industry = await HttpSession.OpenAsync(app.BaseAddress, DemoPeople.IndustryOfficer);
        using var environment = await HttpSession.OpenAsync(app.BaseAddress, DemoPeople.EnvironmentOfficer);

        var agenda = await industry.Client.GetStringAsync($"/calendar/agenda?from={Iso(from)}");
        var other = await environment.Client.GetStringAsync($"/calendar/agenda?from={Iso(from)}");

        Assert.Contains("水泥熟料装置断电停产（00:00-24:00）", agenda);
        Assert.Contains("新型干法水泥熟料生产线", agenda);
        Assert.Contains(Iso(from.AddDays(14)), agenda);
        Assert.DoesNotContain("水泥熟料装置断电停产", other); // the programme answers to 工信, not to 生态环境
    }

    [Fact]
    public async Task The_feed_at_the_secret_address_is_valid_iCalendar_with_one_event_per_item_and_a_renewed_or_revoked_address_answers_404()
    {
        var due = await DeadlineAsync();
        using var officer = await app.HttpAsync(DemoPeople.IndustryOfficer);
        var first = await RenewAsync(officer);
        using var anonymous = await app.HttpAsync();

        var response = await anonymous.Client.GetAsync(first);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var calendar = Rfc5545.Parse(text);
        var events = calendar.Components.Where(c => c.Name == "VEVENT").ToList();
        Assert.NotEmpty(events);
        Assert.DoesNotContain(calendar.Components, c => c.Name != "VEVENT"); // all-day events: no VTIMEZONE needed
        foreach (var e in events)
        {
            Assert.Matches(@"^\d{8}T\d{6}Z$", e.One("DTSTAMP").Value); // UTC
            Assert.Equal("DATE", e.One("DTSTART").Parameters["VALUE"]);
            Assert.Matches(@"^\d{8}$", e.One("DTSTART").Value);
            Assert.EndsWith("@capacity-exit.workflow", e.One("UID").Value, StringComparison.Ordinal);
            Assert.StartsWith("http", e.One("URL").Value, StringComparison.Ordinal);
            e.One("SUMMARY");
        }

        Assert.Equal(events.Count, events.Select(e => e.One("UID").Value).Distinct().Count());
        var deadline = events.Single(e => e.One("UID").Value == $"{due.Uid}@capacity-exit.workflow");
        Assert.Equal(due.LastDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture), deadline.One("DTSTART").Value);
        Assert.Equal(due.LastDay.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture), deadline.One("DTEND").Value);
        Assert.EndsWith($"/cases/{due.CaseId}", deadline.One("URL").Value, StringComparison.Ordinal);
        Assert.Contains(due.Title, deadline.One("SUMMARY").Text, StringComparison.Ordinal);
        Assert.Contains(due.Enterprise, deadline.One("SUMMARY").Text, StringComparison.Ordinal);
        Assert.Contains($"/cases/{due.CaseId}", deadline.One("DESCRIPTION").Text, StringComparison.Ordinal);

        // The same items keep their UIDs from one fetch to the next (what lets Outlook update rather than duplicate).
        var again = Rfc5545.Parse(await anonymous.Client.GetStringAsync(first)).Components.Select(c => c.One("UID").Value).Order();
        Assert.Equal(events.Select(e => e.One("UID").Value).Order(), again);

        // Renewed: the old address is gone, the new one works; revoked: gone too; a made-up token never worked.
        var second = await RenewAsync(officer);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Client.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Client.GetAsync(second)).StatusCode);
        var revoked = await officer.PostFormAsync("/calendar/subscribe", "/calendar/subscribe?handler=Revoke", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Client.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Client.GetAsync("/calendar/feed/" + new string('A', 43))).StatusCode);
    }

    /// <summary>Makes a new address on the subscription page; returns its path (the page shows it once).</summary>
    private static async Task<string> RenewAsync(HttpSession session)
    {
        var posted = await session.PostFormAsync("/calendar/subscribe", "/calendar/subscribe?handler=Renew", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var html = await session.Client.GetStringAsync("/calendar/subscribe");
        var address = Regex.Match(html, "id=\"feed-address\"[^>]*value=\"(?<a>[^\"]+)\"").Groups["a"].Value;
        Assert.Matches("^https?://[^/]+/calendar/feed/[A-Za-z0-9_-]{43}$", address);
        Assert.DoesNotContain("feed-address", await session.Client.GetStringAsync("/calendar/subscribe"), StringComparison.Ordinal); // shown once
        return new Uri(address).AbsolutePath;
    }

    private sealed record Due(long CaseId, string Uid, DateOnly LastDay, string Title, string Enterprise, string Bureau, int BureauId);

    /// <summary>A pending legal deadline of a 工信局 case of 郴州, as the database holds it now (other tests may have moved it).</summary>
    private async Task<Due> DeadlineAsync()
    {
        var row = await app.ScalarAsync<string>("""
            select t.case_id || '|' || t.key || '|' || t.payload || '|' || e.name || '|' || b.name_zh || '|' || b.id
            from capacity_exit.workflow_timers t
            join capacity_exit.cases c on c.id = t.case_id join capacity_exit.bureaus b on b.id = c.responsible_bureau_id
            join capacity_exit.capacity_items i on i.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = i.enterprise_id
            where t.status = 'Pending' and t.kind in ('rectification-deadline', 'extension-deadline', 'demolition-deadline')
              and b.name_zh = '郴州市工业和信息化局'
            order by t.due_at, t.id limit 1
            """);
        var parts = row.Split('|');
        var key = parts[1];
        var title = key.EndsWith("extension-deadline", StringComparison.Ordinal) ? "延长的整改期限届满"
            : key.EndsWith("demolition-deadline", StringComparison.Ordinal) ? "拆除期限届满" : "整改期限届满";
        var slug = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return new Due(long.Parse(parts[0], CultureInfo.InvariantCulture), $"deadline-{parts[0]}-{slug}",
            DateOnly.ParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture), title, parts[3], parts[4], int.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
