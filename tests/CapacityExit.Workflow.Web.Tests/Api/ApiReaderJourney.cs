using System.Text.RegularExpressions;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>The API's reader page (Scalar over /openapi/v1.json): an administrator reads the operations; an officer is refused.</summary>
[Collection(WebCollection.Name)]
public sealed class ApiReaderJourney(WebApp app)
{
    [Fact]
    public async Task An_administrator_reads_the_API_operations_and_an_officer_is_refused_the_reader()
    {
        await using (var admin = await app.OpenAsync())
        {
            await admin.SignInAsync(DemoPeople.Admin);
            await admin.Page.GotoAsync("/api-reference/v1");

            await Expect(admin.Page.GetByText("CapacityExit.Workflow API").First).ToBeVisibleAsync();
            await Expect(admin.Page.GetByText("获取令牌 · A bearer token for an existing account").First).ToBeVisibleAsync();
            await Expect(admin.Page.GetByText("tag:capacity-exit.workflow,2026:problem:validation").First).ToBeVisibleAsync();
            await admin.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Open Group - Cases" }).ClickAsync();
            await Expect(admin.Page.GetByText("案件列表 · List cases in your scope").First).ToBeVisibleAsync();
            await Screens.TakeAsync(admin.Page, "api-reference");
        }

        await using var officer = await app.OpenAsync();
        await officer.SignInAsync(DemoPeople.Office);
        await officer.Page.GotoAsync("/api-reference/v1");
        await Expect(officer.Page).ToHaveURLAsync(new Regex("/forbidden"));
    }
}
