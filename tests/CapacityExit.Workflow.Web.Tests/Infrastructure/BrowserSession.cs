using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

/// <summary>One person at one browser: a fresh context and page; every JavaScript dialog that opens is recorded.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _dialogs = [];

    private BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add(dialog.Message);
            }

            _ = dialog.DismissAsync();
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Messages of the alert/confirm/prompt dialogs the pages opened: a script that ran would show here.</summary>
    public IReadOnlyList<string> Dialogs
    {
        get
        {
            lock (_dialogs)
            {
                return [.. _dialogs];
            }
        }
    }

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        return new BrowserSession(context, await context.NewPageAsync());
    }

    /// <summary>Types the login and password into the home page's form and presses 登录; waits for the page that follows.</summary>
    public async Task SubmitSignInAsync(string login, string password = DemoPeople.Password)
    {
        if (Page.Url == "about:blank" || !await Page.Locator("#sign-in").IsVisibleAsync())
        {
            await Page.GotoAsync("/");
        }

        await Page.Locator("#Input_Login").FillAsync(login);
        await Page.Locator("#Input_Password").FillAsync(password);
        await Page.Locator("#sign-in").ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Signs in and checks that the header now names the person.</summary>
    public async Task SignInAsync(string login, string password = DemoPeople.Password)
    {
        await SubmitSignInAsync(login, password);
        await Expect(Page.Locator("#signed-in-as")).ToBeVisibleAsync();
    }

    /// <summary>The cookies this browser holds for the host, as a Cookie header (to replay a request outside the browser).</summary>
    public async Task<string> CookieHeaderAsync() =>
        string.Join("; ", (await Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
