using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Journeys;

[Collection(WebCollection.Name)]
public sealed class SignInJourneys(WebApp app)
{
    private const string WrongLoginOrPassword = "登录名或密码不正确。";

    [Fact]
    public async Task A_wrong_password_shows_one_error_beside_the_password_field_and_signs_nobody_in()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await Screens.TakeAsync(page, "01-home-sign-in");

        await browser.SubmitSignInAsync(DemoPeople.Office, "not-the-password-1");

        // The message sits right above the password box (between its label and the box) and nowhere else.
        var besidePassword = page.Locator("#Input_Password").Locator("xpath=preceding-sibling::span[1]");
        await Expect(besidePassword).ToHaveTextAsync(WrongLoginOrPassword);
        await Expect(page.Locator("#Input_Login").Locator("xpath=preceding-sibling::span[1]")).ToBeEmptyAsync();
        await Expect(page.Locator("#error-summary li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#error-summary li")).ToHaveTextAsync(WrongLoginOrPassword);
        await Expect(page.Locator(".field-error:not(:empty)")).ToHaveCountAsync(1);
        // The login stays as typed, the password is not sent back; nobody is signed in.
        await Expect(page.Locator("#Input_Login")).ToHaveValueAsync(DemoPeople.Office);
        await Expect(page.Locator("#Input_Password")).ToHaveValueAsync("");
        await Expect(page.Locator("#signed-in-as")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Name == "capexit.auth");
        await Screens.TakeAsync(page, "02-wrong-password");
    }

    [Fact]
    public async Task Five_wrong_passwords_pause_the_login_from_that_address_and_the_page_says_so_even_to_the_right_password()
    {
        // An account no other test signs in with from this address (the browser's own, 127.0.0.1): it stays paused for 15 minutes.
        const string login = "jiaxing-county";
        await using var browser = await app.OpenAsync();
        var page = browser.Page;

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await browser.SubmitSignInAsync(login, $"wrong-password-{attempt}");
            await Expect(page.Locator("#error-summary li")).ToHaveTextAsync(WrongLoginOrPassword);
        }

        await browser.SubmitSignInAsync(login, "wrong-password-5");
        var paused = "此登录名在您所在的网络地址多次输错密码，已暂停登录；请15分钟后再试，或联系系统管理员。";
        await Expect(page.Locator("#error-summary li")).ToHaveTextAsync(paused);
        await Screens.TakeAsync(page, "03-locked-out");

        await browser.SubmitSignInAsync(login);
        await Expect(page.Locator("#error-summary li")).ToHaveTextAsync(paused);
        await Expect(page.Locator("#signed-in-as")).ToHaveCountAsync(0);
        // The pause is of this login from this address, not of the account: nothing is locked on the account itself.
        Assert.True(await app.ScalarAsync<bool>(
            "select locked_until > now() from capacity_exit.sign_in_throttles where login = @login and address = '127.0.0.1'", ("login", login)));
        Assert.False(await app.ScalarAsync<bool>(
            "select coalesce(lockout_end > now(), false) from capacity_exit.accounts where user_name = @login", ("login", login)));
        Assert.Equal(2L, await app.ScalarAsync<long>(
            "select count(*) from capacity_exit.audit_events where actor = @login and kind = 'LockedOut'", ("login", login)));
    }

    [Fact]
    public async Task A_person_signs_in_sees_their_name_in_the_header_and_signs_out_again()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;

        await browser.SignInAsync(DemoPeople.Supervisor);

        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(DemoPeople.SupervisorName);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#signed-in-as")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Name == "capexit.auth");
        // Signed out means signed out: a page behind sign-in sends the browser back to the form.
        await page.GotoAsync("/tasks");
        await Expect(page).ToHaveURLAsync(new Regex(@"/\?ReturnUrl=%2Ftasks$"));
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_language_link_switches_the_page_to_English_and_back_to_Chinese()
    {
        await using var browser = await app.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "工作人员登录" })).ToBeVisibleAsync();

        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Staff sign-in" })).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in")).ToHaveTextAsync("Sign in");
        await Screens.TakeAsync(page, "04-home-english");
        // The choice lasts: the error of a wrong password comes in English too.
        await browser.SubmitSignInAsync("zhengzhou-office", "not-the-password-2");
        await Expect(page.Locator("#error-summary li")).ToHaveTextAsync("The login or password is not right.");

        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "中文", Exact = true }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "工作人员登录" })).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in")).ToHaveTextAsync("登录");
    }
}
