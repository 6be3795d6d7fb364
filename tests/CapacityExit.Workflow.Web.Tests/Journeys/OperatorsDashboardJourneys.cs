using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Journeys;

/// <summary>The Hangfire dashboard at /hangfire: administrators in full, auditors read-only, anyone else 403.</summary>
[Collection(WebCollection.Name)]
public sealed class OperatorsDashboardJourneys(WebApp app)
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_form_and_comes_back_after_signing_in()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;

        await page.GotoAsync("/hangfire");

        await Expect(page).ToHaveURLAsync(new Regex(@"/\?ReturnUrl=%2Fhangfire$"));
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.GetByText("后台作业")).ToHaveCountAsync(0);

        await browser.SubmitSignInAsync(DemoPeople.Admin);

        await Expect(page).ToHaveURLAsync(new Regex("/hangfire$"));
        await Expect(page).ToHaveTitleAsync(new Regex("后台作业"));
    }

    [Fact]
    public async Task An_auditor_sees_the_dashboard_read_only_where_an_administrator_may_trigger_a_job()
    {
        await using (var admin = await app.OpenAsync())
        {
            await admin.SignInAsync(DemoPeople.Admin);
            await admin.Page.GotoAsync("/hangfire/recurring");
            await Expect(admin.Page.GetByText("nightly-consistency-check").First).ToBeVisibleAsync();
            await Expect(admin.Page.Locator("button.js-jobs-list-command")).Not.ToHaveCountAsync(0);

            // The administrator triggers the nightly check now: the dashboard's command is taken and the job is queued.
            var before = await app.ScalarAsync<long>("select count(*) from hangfire.job where arguments::text like '%nightly-consistency-check%'");
            await admin.Page.Locator("tr", new() { HasText = "nightly-consistency-check" }).Locator("input.js-jobs-list-checkbox").CheckAsync();
            var trigger = await admin.Page.RunAndWaitForResponseAsync(
                () => admin.Page.Locator("button.js-jobs-list-command", new() { HasText = "Trigger now" }).ClickAsync(),
                r => r.Url.EndsWith("/hangfire/recurring/trigger", StringComparison.Ordinal));
            Assert.True(trigger.Ok, $"the trigger was answered {trigger.Status}");
            Assert.Equal(before + 1, await app.ScalarAsync<long>("select count(*) from hangfire.job where arguments::text like '%nightly-consistency-check%'"));
        }

        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(DemoPeople.Auditor);

        var response = await page.GotoAsync("/hangfire/recurring");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByText("nightly-consistency-check").First).ToBeVisibleAsync();
        await Expect(page.Locator("button.js-jobs-list-command")).ToHaveCountAsync(0);
        await Expect(page.Locator("input.js-jobs-list-checkbox")).ToHaveCountAsync(0);
        await Screens.TakeAsync(page, "09-hangfire-auditor-read-only");
    }

    [Fact]
    public async Task A_bureau_officer_is_refused_with_403()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync(DemoPeople.IndustryOfficer);

        // Hangfire answers 403 with an empty body, which chromium shows as its own error page (and Playwright as a failed
        // navigation): the request goes through the context, with the officer's cookies.
        var response = await browser.Context.APIRequest.GetAsync("/hangfire", new() { MaxRedirects = 0 });
        var recurring = await browser.Context.APIRequest.GetAsync("/hangfire/recurring", new() { MaxRedirects = 0 });

        Assert.Equal(403, response.Status);
        Assert.Equal(403, recurring.Status);
        Assert.DoesNotContain("nightly-consistency-check", await recurring.TextAsync());
    }
}
