using Microsoft.Playwright;

namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

/// <summary>Full-page screenshots under the test output (bin/.../screens), the best of them copied to docs/screens/ by hand.</summary>
public static class Screens
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screens")).FullName;

    public static Task TakeAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
}
